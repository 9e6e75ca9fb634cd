import { createRouteRef, PageBlueprint } from '@backstage/frontend-plugin-api';
import AttachMoneyIcon from '@material-ui/icons/AttachMoney';
import StorageIcon from '@material-ui/icons/Storage';

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

/** The Fleet page's route. */
export const fleetRouteRef = createRouteRef();

/** The Fleet page in the navigation: every service × environment × cluster, batch operations. */
export const dyplomaFleetPage = PageBlueprint.make({
  name: 'fleet',
  params: {
    path: '/dyploma-fleet',
    title: 'Fleet',
    icon: <StorageIcon />,
    routeRef: fleetRouteRef,
    loader: () => import('../components/FleetPage').then(m => <m.FleetPage />),
  },
});
