/**
 * Plots for every lesson, as XChart charts (shown as PNG in a notebook) or, for grids, one picture.
 * <ul>
 *   <li>{@link transformer.plot.AttentionHeatmap}: attention weights and masks over named tokens, the
 *       first query at the top, every token labelled.</li>
 *   <li>{@link transformer.plot.HeadGrid}: one panel per head (and per layer) with a shared colour bar.</li>
 *   <li>{@link transformer.plot.AttentionExplorer}: every layer and head of one or more attentions, to
 *       explore by hand in the notebook (head, model and heat-map views), with a PNG of them all.</li>
 *   <li>{@link transformer.plot.Heatmap}: any matrix, with a {@link transformer.plot.ColourScale}.</li>
 *   <li>{@link transformer.plot.PositionalEncodingPlot}: the encoding table, curves per dimension, and
 *       the similarity between positions.</li>
 *   <li>{@link transformer.plot.TrainingCurves} and {@link transformer.plot.Curves}: loss, accuracy,
 *       learning-rate schedules, and any named curves for experiments (log axes on request).</li>
 * </ul>
 */
package transformer.plot;
