package io.maillake.web;

import gg.jte.ContentType;
import gg.jte.TemplateEngine;
import gg.jte.output.StringOutput;
import io.javalin.http.Context;
import io.javalin.rendering.FileRenderer;
import java.util.Map;

/** Renders the precompiled JTE templates under {@code src/main/jte} (compiled with the application). */
final class JteRenderer implements FileRenderer {
    private final TemplateEngine engine = TemplateEngine.createPrecompiled(ContentType.Html);

    @Override
    @SuppressWarnings("unchecked")
    public String render(String file, Map<String, ?> model, Context ctx) {
        StringOutput out = new StringOutput();
        engine.render(file, (Map<String, Object>) model, out);
        return out.toString();
    }
}
