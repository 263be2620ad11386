// The screens and their addresses. Addresses survive a reload and can be linked to (a recording, a
// programme in the guide). Inside Electron before the app:// protocol the page is a file, so the route
// lives in the hash there; everywhere else in the path.
import { createBrowserRouter, createHashRouter, type RouteObject } from 'react-router';
import { GuidePage } from '../pages/guide/GuidePage';
import { HomePage } from '../pages/home/HomePage';
import { NotFound } from '../pages/NotFound';
import { PlayerPage } from '../pages/player/PlayerPage';
import { RecordingDetails } from '../pages/recordings/RecordingDetails';
import { RecordingsPage } from '../pages/recordings/RecordingsPage';
import { RuleEditorPage } from '../pages/rules/RuleEditorPage';
import { RulesPage } from '../pages/rules/RulesPage';
import { SettingsPage } from '../pages/settings/SettingsPage';
import { ChannelsPage } from '../pages/sources/ChannelsPage';
import { SourcesPage } from '../pages/sources/SourcesPage';
import { Shell } from './Shell';

export const routes: RouteObject[] = [
  {
    element: <Shell />,
    children: [
      { index: true, element: <HomePage /> },
      { path: 'guide', element: <GuidePage /> },
      { path: 'guide/:channelId/:programmeId', element: <GuidePage /> },
      { path: 'recordings', element: <RecordingsPage /> },
      { path: 'recordings/:id', element: <RecordingDetails /> },
      { path: 'play/:id', element: <PlayerPage /> },
      { path: 'rules', element: <RulesPage /> },
      { path: 'rules/new', element: <RuleEditorPage /> },
      { path: 'rules/:id', element: <RuleEditorPage /> },
      { path: 'sources', element: <SourcesPage /> },
      { path: 'sources/channels', element: <ChannelsPage /> },
      { path: 'settings', element: <SettingsPage /> },
      { path: '*', element: <NotFound /> },
    ],
  },
];

export function createRouter() {
  return window.location.protocol === 'file:' ? createHashRouter(routes) : createBrowserRouter(routes);
}
