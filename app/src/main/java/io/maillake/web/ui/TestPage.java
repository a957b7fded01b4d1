package io.maillake.web.ui;

import io.maillake.domain.Integration;
import io.maillake.service.Integrations.TypeCheck;
import java.util.List;

/** The result of "Test connection": per log type what works and what to fix in Mimecast. */
public record TestPage(Integration integration, List<TypeCheck> checks, boolean created) {
    public boolean allOk() { return checks.stream().allMatch(TypeCheck::ok); }
    public String typeName(TypeCheck c) { return Fmt.type(c.type()); }
    public String guideStep(TypeCheck c) { return Fmt.guideStep(c.code()); }
}
