using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using Alonzo.Functions;
using Alonzo.Validation;

namespace Alonzo.Local
{
    /// <summary>A function as Invoke-AlonzoFunction -Local runs it: the settings Lambda would give it.</summary>
    public sealed class LocalFunctionSettings
    {
        /// <summary>Environment variables Lambda sets itself and does not let a function change.</summary>
        public static readonly IReadOnlyList<string> ReservedVariables = new[]
        {
            "_HANDLER", "_X_AMZN_TRACE_ID", "AWS_DEFAULT_REGION", "AWS_REGION", "AWS_EXECUTION_ENV",
            "AWS_LAMBDA_FUNCTION_NAME", "AWS_LAMBDA_FUNCTION_MEMORY_SIZE", "AWS_LAMBDA_FUNCTION_VERSION",
            "AWS_LAMBDA_INITIALIZATION_TYPE", "AWS_LAMBDA_LOG_GROUP_NAME", "AWS_LAMBDA_LOG_STREAM_NAME",
            "AWS_ACCESS_KEY", "AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN",
            "AWS_LAMBDA_RUNTIME_API", "LAMBDA_TASK_ROOT", "LAMBDA_RUNTIME_DIR",
        };

        // What an interpreter needs from this machine to start and to find its libraries and tools.
        private static readonly string[] MachineVariables =
        {
            "PATH", "LD_LIBRARY_PATH", "DYLD_LIBRARY_PATH", "TMPDIR", "SystemRoot", "SYSTEMROOT", "windir", "ComSpec", "PATHEXT", "TEMP", "TMP",
        };

        public string FunctionName { get; set; }
        public string Handler { get; set; }
        public string Runtime { get; set; }
        /// <summary>The folder with the handler's code (a zip is unpacked first, see LocalCode).</summary>
        public string CodeDirectory { get; set; }
        public int MemorySize { get; set; } = 128;
        /// <summary>Seconds.</summary>
        public int Timeout { get; set; } = 3;
        public IDictionary<string, string> Environment { get; set; }
        public string Region { get; set; } = "us-east-1";
        /// <summary>The function's ARN, as context.invoked_function_arn; built from the region and a placeholder account when null.</summary>
        public string FunctionArn { get; set; }
        public string Version { get; set; } = "$LATEST";
        public string Architecture { get; set; } = "x86_64";
        /// <summary>Variables the caller's session adds, as Lambda adds the execution role's: credentials, endpoints.</summary>
        public IDictionary<string, string> SessionVariables { get; set; }
        /// <summary>The folder of the bootstraps (module/runtime); next to the engine's assembly when null.</summary>
        public string RuntimeDirectory { get; set; }

        public string ResolvedFunctionArn => FunctionArn ??
            $"arn:{KinesisEventSource.Partition(Region)}:lambda:{Region}:{KinesisEventSource.PlaceholderAccount}:function:{FunctionName}";

        public void Validate()
        {
            FunctionRules.Name(FunctionName, "Name");
            FunctionRules.Handler(Handler);
            FunctionRules.Runtime(Runtime);
            LocalInterpreter.FamilyOf(Runtime);
            FunctionRules.MemorySize(MemorySize);
            FunctionRules.Timeout(Timeout);
            FunctionRules.Environment(Environment);
            var reserved = (Environment?.Keys ?? Enumerable.Empty<string>()).Where(k => ReservedVariables.Contains(k, StringComparer.Ordinal)).ToList();
            if (reserved.Count > 0)
                throw new AlonzoValidationException("InvalidEnvironment", "Environment", reserved[0],
                    $"-Environment: Lambda reserves {string.Join(", ", reserved)} for itself; a function cannot set {(reserved.Count == 1 ? "it" : "them")}. Use another name.");
            if (string.IsNullOrEmpty(CodeDirectory) || !Directory.Exists(CodeDirectory))
                throw new AlonzoOperationException("PathNotFound", FailureKind.ObjectNotFound,
                    $"The function's folder '{CodeDirectory}' does not exist.", "Give -Path the folder or zip that holds the handler.");
        }

        /// <summary>The bootstrap for the runtime's family.</summary>
        public string BootstrapPath(RuntimeFamily family)
        {
            string root = RuntimeDirectory ?? DefaultRuntimeDirectory();
            string path = family == RuntimeFamily.Python ? Path.Combine(root, "python", "bootstrap.py") : Path.Combine(root, "node", "bootstrap.cjs");
            if (!File.Exists(path))
                throw new AlonzoOperationException("RuntimeNotFound", FailureKind.ObjectNotFound,
                    $"The local runtime's bootstrap '{path}' is missing from the module.", "Reinstall the Alonzo module; its 'runtime' folder is incomplete.");
            return path;
        }

        private static string DefaultRuntimeDirectory()
        {
            // The engine sits in the module's 'dependencies' folder; the bootstraps in 'runtime' beside it.
            string here = Path.GetDirectoryName(typeof(LocalFunctionSettings).Assembly.Location) ?? ".";
            string beside = Path.Combine(Path.GetDirectoryName(here) ?? here, "runtime");
            return Directory.Exists(beside) ? beside : Path.Combine(here, "runtime");
        }

        /// <summary>
        /// The environment a function sees on Lambda: the reserved variables, the function's own, the
        /// session's credentials and endpoints, and what the interpreter needs from this machine. Nothing
        /// else of this process's environment is passed on.
        /// </summary>
        internal Dictionary<string, string> BuildEnvironment(string logStreamName, string runtimeDirectory)
        {
            var env = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (var name in MachineVariables)
            {
                string value = System.Environment.GetEnvironmentVariable(name);
                if (!string.IsNullOrEmpty(value)) env[name] = value;
            }
            env["LANG"] = "en_US.UTF-8";
            env["TZ"] = ":UTC";
            if (SessionVariables != null)
                foreach (var pair in SessionVariables) env[pair.Key] = pair.Value ?? "";
            if (Environment != null)
                foreach (var pair in Environment) env[pair.Key] = pair.Value ?? "";
            env["_HANDLER"] = Handler;
            env["AWS_REGION"] = Region;
            env["AWS_DEFAULT_REGION"] = Region;
            env["AWS_EXECUTION_ENV"] = "AWS_Lambda_" + Runtime;
            env["AWS_LAMBDA_FUNCTION_NAME"] = FunctionName;
            env["AWS_LAMBDA_FUNCTION_MEMORY_SIZE"] = MemorySize.ToString(System.Globalization.CultureInfo.InvariantCulture);
            env["AWS_LAMBDA_FUNCTION_VERSION"] = Version;
            env["AWS_LAMBDA_INITIALIZATION_TYPE"] = "on-demand";
            env["AWS_LAMBDA_LOG_GROUP_NAME"] = "/aws/lambda/" + FunctionName;
            env["AWS_LAMBDA_LOG_STREAM_NAME"] = logStreamName;
            env["LAMBDA_TASK_ROOT"] = CodeDirectory;
            env["LAMBDA_RUNTIME_DIR"] = runtimeDirectory;
            return env;
        }
    }
}
