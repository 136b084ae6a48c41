using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;

namespace Alonzo.Tests.ServiceModels
{
    /// <summary>
    /// The official service models, read from the botocore installed on the machine so the tests
    /// check against AWS's own definitions instead of a copy that could drift.
    /// </summary>
    public static class ServiceModelCatalog
    {
        /// <summary>Overrides where botocore's data/ folder is (the folder holding kinesis/, lambda/, ...).</summary>
        public const string DataDirectoryVariable = "ALONZO_BOTOCORE_DATA";

        // The API versions the wire layer speaks; other services fall back to their newest version.
        private static readonly IReadOnlyDictionary<string, string> PinnedVersions = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase)
        {
            ["kinesis"] = "2013-12-02",
            ["lambda"] = "2015-03-31",
            ["iam"] = "2010-05-08",
            ["logs"] = "2014-03-28",
        };

        private static readonly Lazy<string> DataDirectoryLazy = new Lazy<string>(FindDataDirectory);
        private static readonly ConcurrentDictionary<string, Lazy<ServiceModel>> Models =
            new ConcurrentDictionary<string, Lazy<ServiceModel>>(StringComparer.OrdinalIgnoreCase);

        /// <summary>The services the wire layer talks to.</summary>
        public static IReadOnlyList<string> KnownServices { get; } = new[] { "kinesis", "lambda", "iam", "logs" };

        /// <summary>botocore's data/ folder: $ALONZO_BOTOCORE_DATA, else asked of python3 once per test run.</summary>
        public static string DataDirectory => DataDirectoryLazy.Value;

        /// <summary>The model for "kinesis", "lambda", "iam" or "logs" (any other botocore service name works too); loaded once.</summary>
        public static ServiceModel Get(string service)
        {
            if (string.IsNullOrEmpty(service))
            {
                throw new ArgumentException("A service name is required.", nameof(service));
            }
            return Models.GetOrAdd(service, s => new Lazy<ServiceModel>(() => ServiceModel.Load(ModelPath(s)))).Value;
        }

        /// <summary>The path of the service-2.json(.gz) file that <see cref="Get"/> loads.</summary>
        public static string ModelPath(string service)
        {
            var serviceDir = Path.Combine(DataDirectory, service.ToLowerInvariant());
            if (!Directory.Exists(serviceDir))
            {
                throw new DirectoryNotFoundException($"botocore has no model folder for '{service}' under {DataDirectory}.");
            }
            var version = PinnedVersions.TryGetValue(service, out var pinned)
                ? pinned
                : Directory.GetDirectories(serviceDir).Select(Path.GetFileName).OrderBy(v => v, StringComparer.Ordinal).Last();
            var versionDir = Path.Combine(serviceDir, version);
            foreach (var name in new[] { "service-2.json.gz", "service-2.json" })
            {
                var path = Path.Combine(versionDir, name);
                if (File.Exists(path))
                {
                    return path;
                }
            }
            throw new FileNotFoundException($"No service-2.json(.gz) in {versionDir}.");
        }

        private static string FindDataDirectory()
        {
            var fromEnv = Environment.GetEnvironmentVariable(DataDirectoryVariable);
            if (!string.IsNullOrWhiteSpace(fromEnv))
            {
                if (!Directory.Exists(fromEnv))
                {
                    throw new DirectoryNotFoundException($"{DataDirectoryVariable}={fromEnv} does not exist.");
                }
                return fromEnv;
            }

            const string script = "import botocore,os;print(os.path.join(os.path.dirname(botocore.__file__),'data'))";
            var errors = new List<string>();
            foreach (var python in new[] { "python3", "python" })
            {
                try
                {
                    var start = new ProcessStartInfo(python)
                    {
                        RedirectStandardOutput = true,
                        RedirectStandardError = true,
                        UseShellExecute = false,
                    };
                    start.ArgumentList.Add("-c");
                    start.ArgumentList.Add(script);
                    using (var process = Process.Start(start))
                    {
                        var stdout = process.StandardOutput.ReadToEnd();
                        var stderr = process.StandardError.ReadToEnd();
                        process.WaitForExit();
                        var dir = stdout.Trim();
                        if (process.ExitCode == 0 && Directory.Exists(dir))
                        {
                            return dir;
                        }
                        errors.Add($"{python}: exit {process.ExitCode} {stderr.Trim()}");
                    }
                }
                catch (Exception e) when (e is System.ComponentModel.Win32Exception || e is InvalidOperationException)
                {
                    errors.Add($"{python}: {e.Message}");
                }
            }
            throw new InvalidOperationException(
                $"Cannot find botocore's data folder; install botocore for python3 or set {DataDirectoryVariable}. " + string.Join("; ", errors));
        }
    }
}
