// Baseline of the import benchmark: an ES module that statically imports supertest and
// tough-cookie, as the kit's core entry does. (A static ESM import of these CommonJS packages costs
// Node 20 noticeably more than two dynamic import() calls, so this is the like-for-like baseline.)
import 'supertest'
import 'tough-cookie'
