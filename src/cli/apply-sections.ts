// The feature areas' sections `tenant apply` can converge (apps, licences, roles, Conditional Access),
// registered on applySectionPlanners. Loaded only by `tenant apply`. A description section with
// no planner here is refused ("tenant apply does not handle section 'x' yet").
import './app-apply.js';
import './licensing-apply.js';
import './roles-apply.js';
import './ca-apply.js';
