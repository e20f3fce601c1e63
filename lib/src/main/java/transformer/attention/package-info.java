/**
 * Attention, lessons 01–05. {@link transformer.attention.AttentionMask}: {@code true} means query i may
 * attend to key j ({@code causal(n)}, {@code padding(tokens, padId)}, combined with {@code and}).
 * {@link transformer.attention.ScaledDotProductAttention}: softmax(Q·Kᵀ/√d_k)·V for one sequence, returning
 * the output and the weights, with backward; a fully masked row gives weights 0 and output 0.
 * {@link transformer.attention.MultiHeadAttention}: W_Q, W_K, W_V, W_O (d_model × d_model, with biases),
 * heads splitting the feature axis, for self-attention (same input) or cross-attention, batched as
 * (B·n) × d_model, keeping the last forward's weights per batch item and head for heat maps.
 */
package transformer.attention;
