/**
 * Page DOM beyond classic forms is not public and changes with releases and customisation (platform-contracts
 * B.11). Portal tickets, knowledge articles and workspace records are therefore served in one of two variants,
 * switched per test (`control.setPageVariant`), and NowBridge must offer "Post to Mattermost" on both:
 * - `known`: the markup public code relies on (SN Utils and public scrapers): knowledge views with
 *   `.kb-panel-heading` / `span.panel-title` / `.kb-number-info`, portal pages under `.sp-page-root`, workspace
 *   forms `now-record-form-connected` holding `.uiaction-bar-wrapper` of `now-button[component-name]`, whose
 *   record is a *property* (`table`, `nowRecordFormBlob.sysId`), not an attribute.
 * - `unknown`: a customised portal theme or a later release: none of those names, nor any other selector
 *   NowBridge looks for. Only the URL says which record it is.
 */
export type PageVariant = 'known' | 'unknown';

export const PAGE_VARIANTS: readonly PageVariant[] = ['known', 'unknown'];
