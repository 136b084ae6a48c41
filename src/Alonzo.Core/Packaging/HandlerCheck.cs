using System;
using System.Collections.Generic;
using System.Linq;
using Alonzo.Validation;

namespace Alonzo.Packaging
{
    /// <summary>
    /// Checks that a function's handler names a module file that is in the package, the way the
    /// runtimes look it up:
    /// <list type="bullet">
    /// <item>python: <c>pkg.mod.func</c> or <c>pkg/mod.func</c> (split at the last dot) needs
    /// <c>pkg/mod.py</c>, <c>pkg/mod/__init__.py</c> or a compiled <c>pkg/mod.*.so</c>;</item>
    /// <item>nodejs: <c>dir/file.func</c> (the file ends at the first dot after the last '/') needs
    /// <c>dir/file.js</c>, <c>.mjs</c> or <c>.cjs</c>.</item>
    /// </list>
    /// Other runtimes (java, dotnet, provided, ruby) resolve handlers in ways a file listing cannot
    /// prove, so they are not checked.
    /// </summary>
    public static class HandlerCheck
    {
        private static readonly string[] NodeExtensions = { ".js", ".mjs", ".cjs" };

        /// <summary>
        /// Returns null when the handler was checked and found, or a note saying why it was not
        /// checked; throws HandlerNotFound (with the nearest candidates) when the file is missing.
        /// </summary>
        public static string Check(string handler, string runtime, IReadOnlyCollection<string> entryNames)
        {
            if (string.IsNullOrEmpty(handler)) return null;
            if (string.IsNullOrEmpty(runtime))
                return $"The handler '{handler}' was not checked: give -Runtime (python3.x or nodejs*) to check that its file is in the package.";

            string family = runtime.ToLowerInvariant();
            if (family.StartsWith("python", StringComparison.Ordinal)) return CheckPython(handler, runtime, entryNames);
            if (family.StartsWith("nodejs", StringComparison.Ordinal)) return CheckNode(handler, runtime, entryNames);
            return $"The handler '{handler}' was not checked: runtime '{runtime}' finds its handler in compiled code or a bootstrap file, which a file listing cannot prove.";
        }

        private static string CheckPython(string handler, string runtime, IReadOnlyCollection<string> names)
        {
            int dot = handler.LastIndexOf('.');
            if (dot <= 0 || dot == handler.Length - 1 || handler.IndexOf('\\') >= 0)
                throw InvalidHandler(handler, "a Python handler is module.function, for example lambda_function.lambda_handler or app.main.handler");

            string module = handler.Substring(0, dot).Replace('.', '/').Trim('/');
            var expected = new[] { module + ".py", module + "/__init__.py" };
            var set = new HashSet<string>(names, StringComparer.Ordinal);
            if (expected.Any(set.Contains)) return null;
            if (names.Any(n => n.StartsWith(module + ".", StringComparison.Ordinal) && (n.EndsWith(".so", StringComparison.Ordinal) || n.EndsWith(".pyd", StringComparison.Ordinal))
                               && n.IndexOf('/', module.Length) < 0))
                return null;

            string function = handler.Substring(dot + 1);
            var candidates = Nearest(module, names, n => n.EndsWith(".py", StringComparison.Ordinal), n => n.Substring(0, n.Length - 3))
                .Select(n => $"'{n}' (-Handler {ToPythonModule(n)}.{function})");
            throw NotFound(handler, runtime, $"'{expected[0]}' (or '{expected[1]}')", candidates);
        }

        private static string CheckNode(string handler, string runtime, IReadOnlyCollection<string> names)
        {
            int slash = handler.LastIndexOf('/');
            int dot = handler.IndexOf('.', slash + 1);
            if (dot <= slash + 1 || dot == handler.Length - 1 || handler.IndexOf('\\') >= 0)
                throw InvalidHandler(handler, "a Node.js handler is file.function, for example index.handler or src/app.handler");

            string module = handler.Substring(0, dot).TrimStart('/');
            var set = new HashSet<string>(names, StringComparer.Ordinal);
            if (NodeExtensions.Any(e => set.Contains(module + e))) return null;

            string function = handler.Substring(dot + 1);
            var candidates = Nearest(module, names,
                    n => NodeExtensions.Any(e => n.EndsWith(e, StringComparison.Ordinal)) && !n.StartsWith("node_modules/", StringComparison.Ordinal) && n.IndexOf("/node_modules/", StringComparison.Ordinal) < 0,
                    n => n.Substring(0, n.LastIndexOf('.')))
                .Select(n => $"'{n}' (-Handler {n.Substring(0, n.LastIndexOf('.'))}.{function})");
            throw NotFound(handler, runtime, $"'{module}.js' (or .mjs, .cjs)", candidates);
        }

        private static string ToPythonModule(string path)
        {
            string module = path.Substring(0, path.Length - 3);
            if (module.EndsWith("/__init__", StringComparison.Ordinal)) module = module.Substring(0, module.Length - 9);
            return module.Replace('/', '.');
        }

        /// <summary>The files of the right kind whose module path is closest (edit distance) to the expected one.</summary>
        private static IEnumerable<string> Nearest(string module, IEnumerable<string> names, Func<string, bool> kind, Func<string, string> stem) =>
            names.Where(kind)
                // Relative distance, so a short unrelated path does not beat a long near miss.
                .Select(n => new { Name = n, Distance = Distance(module, stem(n)) / (double)Math.Max(1, Math.Max(module.Length, stem(n).Length)) })
                .OrderBy(c => c.Distance)
                .ThenBy(c => c.Name, StringComparer.Ordinal)
                .Take(3)
                .Select(c => c.Name);

        private static int Distance(string a, string b)
        {
            var previous = new int[b.Length + 1];
            var current = new int[b.Length + 1];
            for (int j = 0; j <= b.Length; j++) previous[j] = j;
            for (int i = 1; i <= a.Length; i++)
            {
                current[0] = i;
                for (int j = 1; j <= b.Length; j++)
                {
                    int substitution = previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1);
                    current[j] = Math.Min(substitution, Math.Min(previous[j] + 1, current[j - 1] + 1));
                }
                var swap = previous;
                previous = current;
                current = swap;
            }
            return previous[b.Length];
        }

        private static AlonzoValidationException InvalidHandler(string handler, string rule) =>
            new AlonzoValidationException("InvalidHandler", "Handler", handler, $"-Handler: '{handler}' is not a valid handler: {rule}.");

        private static AlonzoOperationException NotFound(string handler, string runtime, string expected, IEnumerable<string> candidates)
        {
            var list = candidates.ToList();
            string nearest = list.Count == 0
                ? " The package has no files of that kind."
                : " Nearest candidates: " + string.Join(", ", list) + ".";
            return new AlonzoOperationException("HandlerNotFound", FailureKind.ObjectNotFound,
                $"The handler '{handler}' ({runtime}) needs {expected} in the package, and it is not there.{nearest}",
                "Fix -Handler, or package the folder that contains the handler's file at its root.");
        }
    }
}
