package transformer.jupyter;

import io.github.spencerpark.jupyter.kernel.display.Renderer;
import io.github.spencerpark.jupyter.kernel.display.mime.MIMEType;

/**
 * Registers the kit's renderings ({@link KitRenderers}) with the original IJava 1.3.0 kernel, which has
 * no extension mechanism: the kernelspec that {@code kernel/install_kernel.py --ijava} writes gives it a
 * start-up script ({@code IJAVA_STARTUP_SCRIPT}) that calls {@link #install} with IJava's own renderer
 * before the first cell (the kit cannot depend on IJava, which is on no package registry). IJava's renderer
 * API is JJava's under the package {@code io.github.spencerpark.jupyter}; {@link KitDisplay} is the
 * JJava side.
 */
public final class IJavaDisplay {

    private IJavaDisplay() {
    }

    public static void install(Renderer renderer) {
        KitRenderers.all().forEach(rendering -> register(renderer, rendering));
    }

    private static <T> void register(Renderer renderer, KitRenderers.Rendering<T> rendering) {
        renderer.createRegistration(rendering.type())
                .preferring(rendering.preferred().toArray(String[]::new))
                .supporting(rendering.supported().toArray(String[]::new))
                .register((value, context) -> rendering.forms().keySet().forEach(mime ->
                        context.renderIfRequested(MIMEType.parse(mime), () -> rendering.render(mime, value))));
    }
}
