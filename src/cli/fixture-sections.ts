// The sections of tenant descriptions (fixtures/*.yaml) that feature areas own: their appliers for
// `tenant init --from` and their builders for `tenant export`. Loaded only by those two commands.
// The order they apply in is fixed by SECTION_ORDER in src/core/tenant/fixture.ts.
import '../core/devices/device-fixture.js';
import './app-fixture.js';
import './ca-fixture.js';
import './roles-fixture.js';
import './licensing-sections.js';
