/*
 * Copyright 2026 The Dyploma Authors
 *
 * Licensed under the Apache License, Version 2.0 (the "License");
 * you may not use this file except in compliance with the License.
 * You may obtain a copy of the License at
 *
 *     http://www.apache.org/licenses/LICENSE-2.0
 *
 * Unless required by applicable law or agreed to in writing, software
 * distributed under the License is distributed on an "AS IS" BASIS,
 * WITHOUT WARRANTIES OR CONDITIONS OF ANY KIND, either express or implied.
 * See the License for the specific language governing permissions and
 * limitations under the License.
 */

import {
  Content,
  Header,
  InfoCard,
  Page,
  ProxiedSignInPage,
} from '@backstage/core-components';
import { configApiRef, IdentityApi, useApi } from '@backstage/core-plugin-api';
import type { SignInPageProps } from '@backstage/plugin-app-react';
import Button from '@material-ui/core/Button';
import Grid from '@material-ui/core/Grid';
import List from '@material-ui/core/List';
import ListItem from '@material-ui/core/ListItem';
import ListItemText from '@material-ui/core/ListItemText';
import Typography from '@material-ui/core/Typography';
import { useState } from 'react';
import type { DemoUser } from './demoUsersSchema';

/** Where the choice is kept, so a reload signs in again as the same person. */
export const SIGN_IN_CHOICE_KEY = '@dyploma/demo-sign-in';
/** The header the backend's demo user provider reads (packages/backend/src/demoUserAuth). */
const DEMO_USER_HEADER = 'x-dyploma-demo-user';
const GUEST = 'guest';

/**
 * The demo's sign-in page: enter as the guest (a platform admin, who may do everything)
 * or as one of the catalog's users, to see the portal as a team member or a non-owner.
 * The second way has no password and exists only for the demo (see app-config.yaml).
 */
export function DemoSignInPage(props: SignInPageProps & { users: DemoUser[] }) {
  const [choice, setChoice] = useState(() =>
    window.localStorage.getItem(SIGN_IN_CHOICE_KEY),
  );
  const [attempt, setAttempt] = useState(0);
  const choose = (next: string) => {
    window.localStorage.setItem(SIGN_IN_CHOICE_KEY, next);
    setChoice(next);
    setAttempt(a => a + 1);
  };
  const chooser = (error?: Error) => (
    <Chooser users={props.users} error={error} onChoose={choose} />
  );
  if (!choice) return chooser();

  const user = choice === GUEST ? undefined : choice;
  return (
    <ProxiedSignInPage
      key={`${choice}:${attempt}`}
      provider={user ? 'demoUser' : 'guest'}
      headers={user ? { [DEMO_USER_HEADER]: user } : undefined}
      onSignInSuccess={identity =>
        props.onSignInSuccess(forgetChoiceOnSignOut(identity))
      }
      ErrorComponent={({ error }) => {
        // A remembered choice that no longer works (user removed, provider turned
        // off) must not lock the page: forget it and offer the choice again.
        window.localStorage.removeItem(SIGN_IN_CHOICE_KEY);
        return chooser(error);
      }}
    />
  );
}

/** Signing out forgets the choice, so the next visit can pick someone else. */
function forgetChoiceOnSignOut(identity: IdentityApi): IdentityApi {
  return {
    getProfileInfo: () => identity.getProfileInfo(),
    getBackstageIdentity: () => identity.getBackstageIdentity(),
    getCredentials: () => identity.getCredentials(),
    signOut: async () => {
      window.localStorage.removeItem(SIGN_IN_CHOICE_KEY);
      await identity.signOut();
    },
  };
}

/** The backend's own words when it answered (a ResponseError's cause), else the error's. */
function reasonOf(error: Error): string {
  const cause = (error as { cause?: { message?: unknown } }).cause?.message;
  return typeof cause === 'string' && cause ? cause : error.message;
}

function Chooser(props: {
  users: DemoUser[];
  error?: Error;
  onChoose: (choice: string) => void;
}) {
  const config = useApi(configApiRef);
  return (
    <Page themeId="home">
      <Header title={config.getString('app.title')} />
      <Content>
        {props.error && (
          <Typography role="alert" color="error" paragraph>
            Could not sign in: {reasonOf(props.error)}
          </Typography>
        )}
        <Grid container spacing={2}>
          <Grid item xs={12} md={4}>
            <InfoCard
              title="Guest"
              variant="fullHeight"
              actions={
                <Button
                  color="primary"
                  variant="outlined"
                  onClick={() => props.onChoose(GUEST)}
                >
                  Enter
                </Button>
              }
            >
              <Typography variant="body1">
                Enter as the guest, a platform admin: every action of the demo
                is allowed.
              </Typography>
            </InfoCard>
          </Grid>
          {props.users.length > 0 && (
            <Grid item xs={12} md={8}>
              <InfoCard title="A catalog user (demo only)" variant="fullHeight">
                <Typography variant="body2" color="textSecondary">
                  See what a team member sees: owners may deploy and scale their
                  team's services, everyone else may only look. No password is
                  asked, so this exists only in the demo.
                </Typography>
                <List aria-label="demo users" dense>
                  {props.users.map(user => (
                    <ListItem key={user.name}>
                      <ListItemText
                        primary={user.name}
                        secondary={user.description}
                      />
                      <Button
                        color="primary"
                        variant="outlined"
                        onClick={() => props.onChoose(user.name)}
                      >
                        Sign in as {user.name}
                      </Button>
                    </ListItem>
                  ))}
                </List>
              </InfoCard>
            </Grid>
          )}
        </Grid>
      </Content>
    </Page>
  );
}
