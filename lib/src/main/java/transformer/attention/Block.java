package transformer.attention;

/**
 * A rectangular window into a row-major array: element (r, c) is {@code data[offset + r·stride + c]}.
 * It lets one head of one batch item be read in place, without copying it out of the stacked
 * (B·n) × d_model matrix.
 */
record Block(double[] data, int offset, int stride) {
    int index(int r, int c) {
        return offset + r * stride + c;
    }
}
