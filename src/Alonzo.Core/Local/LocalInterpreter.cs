using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Runtime.InteropServices;
using System.Text.RegularExpressions;
using Alonzo.Validation;

namespace Alonzo.Local
{
    public enum RuntimeFamily
    {
        Python,
        Node,
    }

    /// <summary>The machine's interpreter that runs a function of a Lambda runtime, and how well it matches.</summary>
    public sealed class LocalInterpreter
    {
        private static readonly ConcurrentDictionary<string, LocalInterpreter> Cache = new ConcurrentDictionary<string, LocalInterpreter>(StringComparer.Ordinal);
        private static readonly Regex PythonRuntime = new Regex(@"^python(?<major>\d+)\.(?<minor>\d+)$", RegexOptions.CultureInvariant);
        private static readonly Regex NodeRuntime = new Regex(@"^nodejs(?<major>\d+)\.x$", RegexOptions.CultureInvariant);

        private LocalInterpreter(RuntimeFamily family, string runtime, string path, string version, string wanted)
        {
            Family = family;
            Runtime = runtime;
            Path = path;
            Version = version;
            WantedVersion = wanted;
        }

        public RuntimeFamily Family { get; }
        /// <summary>The Lambda runtime identifier, e.g. python3.12.</summary>
        public string Runtime { get; }
        /// <summary>The interpreter's executable (symbolic links and version shims resolved).</summary>
        public string Path { get; }
        /// <summary>Its version, e.g. 3.11.7 or 20.20.2.</summary>
        public string Version { get; }
        /// <summary>The version the runtime asks for: 3.12 for python3.12, 20 for nodejs20.x.</summary>
        public string WantedVersion { get; }

        public string FamilyName => Family == RuntimeFamily.Python ? "Python" : "Node.js";

        /// <summary>True when the interpreter's version is the runtime's (Python major.minor, Node.js major).</summary>
        public bool Matches => Version == WantedVersion || Version.StartsWith(WantedVersion + ".", StringComparison.Ordinal);

        /// <summary>A warning naming both versions when they differ; null when they match.</summary>
        public string MismatchWarning => Matches ? null :
            $"The function's runtime is {Runtime} ({FamilyName} {WantedVersion}); it runs here with {FamilyName} {Version} ({Path}), the nearest interpreter found. " +
            $"Code that depends on the version may behave differently on Lambda; put a {FamilyName} {WantedVersion} interpreter first on PATH to run it with the same version.";

        /// <summary>The runtimes Invoke-AlonzoFunction -Local can run: python3.x and nodejs*.x.</summary>
        public static RuntimeFamily FamilyOf(string runtime)
        {
            if (runtime != null && PythonRuntime.IsMatch(runtime)) return RuntimeFamily.Python;
            if (runtime != null && NodeRuntime.IsMatch(runtime)) return RuntimeFamily.Node;
            throw new AlonzoValidationException("UnsupportedLocalRuntime", "Runtime", runtime,
                $"-Runtime: '{runtime}' cannot run locally; Invoke-AlonzoFunction -Local runs Python (python3.x) and Node.js (nodejs*.x) handlers.");
        }

        /// <summary>
        /// Finds the interpreter for a runtime on PATH: pythonX.Y, then python3 and python; node. Each
        /// candidate is started once to learn its real path and version (a version shim that is not
        /// installed fails here and the next candidate is tried). Results are kept for the process.
        /// </summary>
        public static LocalInterpreter Find(string runtime)
        {
            var family = FamilyOf(runtime);
            return Cache.GetOrAdd(runtime, r => Probe(family, r));
        }

        private static LocalInterpreter Probe(RuntimeFamily family, string runtime)
        {
            string wanted;
            string[] names;
            string probe;
            if (family == RuntimeFamily.Python)
            {
                var m = PythonRuntime.Match(runtime);
                wanted = m.Groups["major"].Value + "." + m.Groups["minor"].Value;
                names = new[] { "python" + wanted, "python3", "python" };
                probe = "-c \"import sys;print(sys.executable);print('%d.%d.%d' % sys.version_info[:3])\"";
            }
            else
            {
                wanted = NodeRuntime.Match(runtime).Groups["major"].Value;
                names = new[] { "node", "nodejs" };
                probe = "-p \"process.execPath + '\\n' + process.versions.node\"";
            }

            var tried = new List<string>();
            foreach (var name in names)
            {
                foreach (var candidate in OnPath(name))
                {
                    if (tried.Contains(candidate)) continue;
                    tried.Add(candidate);
                    var answer = Run(candidate, probe);
                    if (answer == null || answer.Length < 2) continue;
                    string path = answer[0].Trim(), version = answer[1].Trim();
                    if (path.Length == 0 || !Regex.IsMatch(version, @"^\d+\.\d+(\.\d+)?$")) continue;
                    if (family == RuntimeFamily.Python && !version.StartsWith("3.", StringComparison.Ordinal)) continue;
                    return new LocalInterpreter(family, runtime, path, version, wanted);
                }
            }
            throw new AlonzoOperationException("InterpreterNotFound", FailureKind.ObjectNotFound,
                $"No {(family == RuntimeFamily.Python ? "Python 3" : "Node.js")} interpreter was found to run the {runtime} function. Looked on PATH for {string.Join(", ", names)}" +
                (tried.Count == 0 ? "; none is there." : $"; tried {string.Join(", ", tried)}, which did not start."),
                family == RuntimeFamily.Python ? "Install Python 3 (python3 on PATH), ideally the runtime's version." : "Install Node.js (node on PATH), ideally the runtime's major version.");
        }

        private static IEnumerable<string> OnPath(string name)
        {
            bool windows = RuntimeInformation.IsOSPlatform(OSPlatform.Windows);
            var extensions = windows ? (Environment.GetEnvironmentVariable("PATHEXT") ?? ".EXE;.CMD;.BAT").Split(';') : new[] { "" };
            foreach (var folder in (Environment.GetEnvironmentVariable("PATH") ?? "").Split(System.IO.Path.PathSeparator))
            {
                if (string.IsNullOrWhiteSpace(folder)) continue;
                foreach (var extension in extensions)
                {
                    string file;
                    try { file = System.IO.Path.Combine(folder.Trim(), name + extension.ToLowerInvariant()); }
                    catch (ArgumentException) { continue; }
                    if (File.Exists(file)) yield return file;
                }
            }
        }

        private static string[] Run(string file, string arguments)
        {
            try
            {
                var start = new ProcessStartInfo(file, arguments)
                {
                    UseShellExecute = false,
                    RedirectStandardOutput = true,
                    RedirectStandardError = true,
                    RedirectStandardInput = true,
                    CreateNoWindow = true,
                };
                using (var process = Process.Start(start))
                {
                    process.StandardInput.Close();
                    var error = process.StandardError.ReadToEndAsync();
                    var output = process.StandardOutput.ReadToEndAsync();
                    if (!process.WaitForExit(15000))
                    {
                        ProcessTree.Kill(process);
                        return null;
                    }
                    process.WaitForExit();
                    if (process.ExitCode != 0) return null;
                    return output.Result.Split(new[] { '\n' }, StringSplitOptions.RemoveEmptyEntries).Select(l => l.TrimEnd('\r')).ToArray();
                }
            }
            catch (Exception e) when (e is System.ComponentModel.Win32Exception || e is InvalidOperationException || e is IOException)
            {
                return null;
            }
        }
    }
}
