package io.maillake.web.ui;

import org.webjars.WebJarVersionLocator;

/** Browser libraries, served from their WebJars under {@code /webjars/} (never from a CDN). */
public final class Assets {
    private static final WebJarVersionLocator LOCATOR = new WebJarVersionLocator();

    public static final String UPLOT_JS = webjar("uplot", "dist/uPlot.iife.min.js");
    public static final String UPLOT_CSS = webjar("uplot", "dist/uPlot.min.css");
    public static final String SWAGGER_JS = webjar("swagger-ui", "swagger-ui-bundle.js");
    public static final String SWAGGER_CSS = webjar("swagger-ui", "swagger-ui.css");

    private Assets() { }

    static String webjar(String name, String file) {
        String version = LOCATOR.version(name);
        if (version == null) throw new IllegalStateException("the WebJar " + name + " is not on the class path");
        return "/webjars/" + name + "/" + version + "/" + file;
    }
}
