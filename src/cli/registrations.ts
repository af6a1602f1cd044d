// Every check that runs before a user, group or app is removed (roles' last Global Administrator,
// licences, app role assignments, Conditional Access references), registered in one place.
// Loaded before any mutating command runs (Session.loadReconcileSteps); read commands never pay
// for it. The sections of tenant descriptions register separately (fixture-sections.ts).
import './app-hooks.js';
import './ca-hooks.js';
import '../core/roles/removal-checks.js';
import '../core/licensing/group-delete-check.js';
