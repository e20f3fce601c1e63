import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;

import javax.tools.DiagnosticCollector;
import javax.tools.JavaFileObject;
import javax.tools.SimpleJavaFileObject;
import javax.tools.ToolProvider;

import com.sun.source.tree.AssignmentTree;
import com.sun.source.tree.BlockTree;
import com.sun.source.tree.ClassTree;
import com.sun.source.tree.CompilationUnitTree;
import com.sun.source.tree.CompoundAssignmentTree;
import com.sun.source.tree.ExpressionTree;
import com.sun.source.tree.ExpressionStatementTree;
import com.sun.source.tree.IdentifierTree;
import com.sun.source.tree.ImportTree;
import com.sun.source.tree.MethodTree;
import com.sun.source.tree.ParenthesizedTree;
import com.sun.source.tree.Tree;
import com.sun.source.tree.VariableTree;
import com.sun.source.util.JavacTask;

import jdk.jshell.JShell;
import jdk.jshell.SourceCodeAnalysis;

/**
 * What a cell of Java declares at its top level, as the Java kernel would split it, without running
 * or compiling anything.
 *
 * <p>The grader ({@code course_preprocessors.py}) starts this once, as {@code java Declarations.java},
 * and sends it cells: one line each, the cell's code in Base64. For each cell it answers with one line
 * per name that a snippet declares (or one line for a snippet that declares none), then {@code END}:
 *
 * <pre>
 * UNIT  n  kind  name  detail  source        (the last three in Base64)
 * </pre>
 *
 * {@code n} numbers the snippets of the cell from 0 (a snippet that declares two names has two lines),
 * {@code kind} is IMPORT, TYPE (a class, interface, enum or record), METHOD, VAR, ASSIGN (an
 * assignment to a plain name, which is {@code name}), STATEMENT (also a bare expression) or UNPARSED
 * (no Java the parser can read); {@code detail} is an import's full name, with {@code static } in front for a static import;
 * {@code source} is the snippet's text. The cell is split into snippets by JShell's own
 * {@link SourceCodeAnalysis#analyzeCompletion}, as the kernel splits it, and each snippet is parsed (not
 * compiled: it may use names that earlier cells define) by javac's parser, so Unicode escapes and odd
 * layouts give the names the kernel would see.
 */
public final class Declarations {

    private Declarations() {
    }

    record Found(String kind, String name, String detail) {
    }

    public static void main(String[] args) throws Exception {
        var out = new PrintStream(System.out, false, StandardCharsets.UTF_8);
        var quiet = new PrintStream(PrintStream.nullOutputStream());
        try (JShell shell = JShell.builder().executionEngine("local").out(quiet).err(quiet).build();
             var in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8))) {
            SourceCodeAnalysis analysis = shell.sourceCodeAnalysis();
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                String remaining = new String(Base64.getDecoder().decode(line.strip()), StandardCharsets.UTF_8);
                int n = 0;
                while (!remaining.isBlank()) {
                    SourceCodeAnalysis.CompletionInfo info = analysis.analyzeCompletion(remaining);
                    boolean split = info.source() != null && !info.source().isBlank();
                    String source = split ? info.source() : remaining;
                    for (Found f : parse(source)) {
                        out.println(String.join("\t", "UNIT", Integer.toString(n), f.kind(), b64(f.name()), b64(f.detail()), b64(source)));
                    }
                    n++;
                    if (!split || info.remaining().equals(remaining)) {
                        break;
                    }
                    remaining = info.remaining();
                }
                out.println("END");
                out.flush();
            }
        }
    }

    /** The names one snippet declares, trying it as statements, then as class members, then as an import. */
    static List<Found> parse(String snippet) throws Exception {
        List<Found> found = new ArrayList<>();
        CompilationUnitTree unit = parsed("class $W { void $m() {\n" + snippet + "\n} }");
        if (unit != null) {
            BlockTree body = ((MethodTree) ((ClassTree) unit.getTypeDecls().get(0)).getMembers().get(0)).getBody();
            for (Tree statement : body.getStatements()) {
                if (statement instanceof VariableTree v) {
                    found.add(new Found("VAR", v.getName().toString(), ""));
                } else if (statement instanceof ClassTree c) {
                    found.add(new Found("TYPE", c.getSimpleName().toString(), ""));
                } else if (statement instanceof ExpressionStatementTree e && assigned(e.getExpression()) != null) {
                    found.add(new Found("ASSIGN", assigned(e.getExpression()), ""));
                } else {
                    found.add(new Found("STATEMENT", "", ""));
                }
            }
            return found;
        }
        unit = parsed("class $W {\n" + snippet + "\n}");
        if (unit != null) {
            for (Tree member : ((ClassTree) unit.getTypeDecls().get(0)).getMembers()) {
                if (member instanceof VariableTree v) {
                    found.add(new Found("VAR", v.getName().toString(), ""));
                } else if (member instanceof ClassTree c) {
                    found.add(new Found("TYPE", c.getSimpleName().toString(), ""));
                } else if (member instanceof MethodTree m) {
                    found.add(new Found("METHOD", m.getName().toString(), ""));
                } else {
                    found.add(new Found("STATEMENT", "", ""));
                }
            }
            return found;
        }
        String expression = snippet.strip().replaceAll(";+$", "");
        unit = parsed("class $W { Object $v = (\n" + expression + "\n); }");
        if (unit != null) {   // a bare expression, whose value the kernel shows
            var value = (VariableTree) ((ClassTree) unit.getTypeDecls().get(0)).getMembers().get(0);
            String target = assigned(((ParenthesizedTree) value.getInitializer()).getExpression());
            return List.of(target == null ? new Found("STATEMENT", "", "") : new Found("ASSIGN", target, ""));
        }
        unit = parsed(snippet + "\nclass $W { }");
        if (unit != null && !unit.getImports().isEmpty()) {
            for (ImportTree i : unit.getImports()) {
                String full = i.getQualifiedIdentifier().toString();
                String name = full.substring(full.lastIndexOf('.') + 1);
                found.add(new Found("IMPORT", name, (i.isStatic() ? "static " : "") + full));
            }
            return found;
        }
        return List.of(new Found("UNPARSED", "", ""));
    }

    /** The plain name that {@code expression} assigns to ({@code x = …}, {@code x += …}), or {@code null}. */
    private static String assigned(ExpressionTree expression) {
        ExpressionTree target = expression instanceof AssignmentTree a ? a.getVariable()
                : expression instanceof CompoundAssignmentTree c ? c.getVariable() : null;
        return target instanceof IdentifierTree name ? name.getName().toString() : null;
    }

    /** The parse tree of {@code code}, or {@code null} when the parser reports any error. */
    private static CompilationUnitTree parsed(String code) throws Exception {
        var diagnostics = new DiagnosticCollector<JavaFileObject>();
        JavaFileObject file = new SimpleJavaFileObject(URI.create("string:///Snippet.java"), JavaFileObject.Kind.SOURCE) {
            @Override
            public CharSequence getCharContent(boolean ignoreEncodingErrors) {
                return code;
            }
        };
        var task = (JavacTask) ToolProvider.getSystemJavaCompiler().getTask(null, null, diagnostics,
                List.of("-proc:none", "-Xlint:none"), null, List.of(file));
        CompilationUnitTree unit = task.parse().iterator().next();
        boolean errors = diagnostics.getDiagnostics().stream().anyMatch(d -> d.getKind() == javax.tools.Diagnostic.Kind.ERROR);
        return errors ? null : unit;
    }

    private static String b64(String text) {
        return Base64.getEncoder().encodeToString((text == null ? "" : text).getBytes(StandardCharsets.UTF_8));
    }
}
