// Every module that registers behaviour into a shared extension point, in one place:
// - checks before users, groups and apps are removed (roles' last Global Administrator, licences,
//   app role assignments, Conditional Access references),
// - the sections of tenant descriptions (fixtures/*.yaml) that feature areas own.
// Loaded before any mutating command runs (Session.loadReconcileSteps) and by `tenant export`;
// read commands never pay for it.
import './app-hooks.js';
import './ca-hooks.js';
import '../core/roles/removal-checks.js';
import '../core/licensing/group-delete-check.js';
// Section order matters: it is the order tenant init applies them (ids under TENANTCTL_ID_SEED).
import '../core/devices/device-fixture.js';
import './app-fixture.js';
import './ca-fixture.js';
import './roles-fixture.js';
import './licensing-sections.js';
