package transformer.jupyter;

import org.dflib.jjava.jupyter.Extension;
import org.dflib.jjava.jupyter.kernel.BaseKernel;
import org.dflib.jjava.jupyter.kernel.display.Renderer;
import org.dflib.jjava.jupyter.kernel.display.mime.MIMEType;

/**
 * Registers the kit's renderings ({@link KitRenderers}) with JJava. JJava finds this class through
 * {@code META-INF/services/org.dflib.jjava.jupyter.Extension} when the jar joins the classpath.
 * {@link IJavaDisplay} does the same for IJava 1.3.0.
 */
public final class KitDisplay implements Extension {

    @Override
    public void install(BaseKernel kernel) {
        install(kernel.getRenderer());
    }

    static void install(Renderer renderer) {
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
