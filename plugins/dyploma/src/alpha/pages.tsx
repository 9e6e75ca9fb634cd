import { createRouteRef, PageBlueprint } from '@backstage/frontend-plugin-api';
import AttachMoneyIcon from '@material-ui/icons/AttachMoney';

/** The Cost page's route. */
export const costRouteRef = createRouteRef();

/** The Cost page in the navigation: owners, idle cost, CSV, over-provisioned services. */
export const dyplomaCostPage = PageBlueprint.make({
  name: 'cost',
  params: {
    path: '/dyploma-cost',
    title: 'Cost',
    icon: <AttachMoneyIcon />,
    routeRef: costRouteRef,
    loader: () => import('../components/CostPage').then(m => <m.CostPage />),
  },
});
