import cardCss from '@/components/record-card.css?inline';
import dialogCss from '@/components/share-dialog.css?inline';
import searchCss from '@/components/search/search.css?inline';

/**
 * Stylesheets of in-page dialogs, handed to content scripts when a dialog first opens ('ui/styles'), so the
 * scripts every page loads stay within their size budget. Cards under posts are drawn at once, so their sheet
 * stays bundled.
 */
export const PAGE_STYLES = { search: searchCss, share: `${cardCss}\n${dialogCss}` } as const;
