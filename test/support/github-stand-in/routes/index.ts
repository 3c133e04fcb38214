/** The operations with real behaviour, by GitHub's operationId. Everything else answers 501. */
import type { Handler } from "../replies.ts";
import { createWorkflowDispatch } from "./actions.ts";
import { createInstallationAccessToken, getRepoInstallation } from "./apps.ts";
import {
  createCheckRun,
  getCheckRun,
  listAnnotations,
  listCheckRunsForRef,
  updateCheckRun,
} from "./checks.ts";
import { createComment, listComments, updateComment } from "./comments.ts";
import { createDispatchEvent } from "./dispatches.ts";
import { createIssue, getIssue, listIssuesForRepo, updateIssue } from "./issues.ts";
import { addLabels, createLabel, listLabelsForRepo, removeLabel } from "./labels.ts";
import { getPull, listPulls } from "./pulls.ts";
import { getRepo } from "./repos.ts";
import { createCommitStatus, listCommitStatusesForRef } from "./statuses.ts";
import { getAuthenticated } from "./users.ts";

export const handlers: Readonly<Record<string, Handler>> = {
  "repos/create-dispatch-event": createDispatchEvent,
  "actions/create-workflow-dispatch": createWorkflowDispatch,
  "checks/create": createCheckRun,
  "checks/update": updateCheckRun,
  "checks/get": getCheckRun,
  "checks/list-for-ref": listCheckRunsForRef,
  "checks/list-annotations": listAnnotations,
  "repos/create-commit-status": createCommitStatus,
  "repos/list-commit-statuses-for-ref": listCommitStatusesForRef,
  "issues/create": createIssue,
  "issues/update": updateIssue,
  "issues/get": getIssue,
  "issues/list-for-repo": listIssuesForRepo,
  "issues/list-comments": listComments,
  "issues/create-comment": createComment,
  "issues/update-comment": updateComment,
  "issues/add-labels": addLabels,
  "issues/remove-label": removeLabel,
  "issues/list-labels-for-repo": listLabelsForRepo,
  "issues/create-label": createLabel,
  "pulls/get": getPull,
  "pulls/list": listPulls,
  "repos/get": getRepo,
  "apps/create-installation-access-token": createInstallationAccessToken,
  "apps/get-repo-installation": getRepoInstallation,
  "users/get-authenticated": getAuthenticated,
};
