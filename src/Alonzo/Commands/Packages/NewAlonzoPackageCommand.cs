using System;
using System.Collections;
using System.Collections.Generic;
using System.Management.Automation;
using System.Threading.Tasks;
using Alonzo.Commands.Completers;
using Alonzo.Packaging;

namespace Alonzo.Commands.Packages
{
    /// <summary>
    /// Builds a deterministic Lambda deployment zip from a folder or a list of files. All pipeline
    /// input is collected and one package is built at the end, so
    /// <c>Get-ChildItem ./fn | New-AlonzoPackage</c> makes one zip. Local only: no AWS calls.
    /// </summary>
    [Cmdlet(VerbsCommon.New, "AlonzoPackage", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Low)]
    [OutputType(typeof(AlonzoPackage))]
    public sealed class NewAlonzoPackageCommand : AlonzoCmdlet
    {
        private readonly List<string> _paths = new List<string>();
        private bool _inputFailed;

        [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
        [Alias("FullName")]
        [ValidateNotNullOrEmpty]
        public string[] Path { get; set; }

        [Parameter]
        [ValidateNotNullOrEmpty]
        public string OutFile { get; set; }

        [Parameter]
        [ValidateNotNull]
        public string[] Exclude { get; set; }

        [Parameter]
        [ValidateNotNullOrEmpty]
        public string Handler { get; set; }

        [Parameter]
        [ValidateNotNullOrEmpty]
        [ArgumentCompleter(typeof(RuntimeCompleter))]
        public string Runtime { get; set; }

        [Parameter]
        public SwitchParameter Force { get; set; }

        protected override void ProcessRecord()
        {
            foreach (var path in Path)
            {
                string resolved = ResolveFileSystemPath(path, "Path");
                if (resolved == null)
                {
                    _inputFailed = true;
                    continue;
                }
                if (!PackageBuilder.Exists(resolved))
                {
                    _inputFailed = true;
                    WriteFailure(new AlonzoOperationException("PathNotFound", FailureKind.ObjectNotFound,
                        $"Cannot package '{resolved}': no such file or folder.",
                        "Check the path; relative paths are resolved from the current location."), path);
                    continue;
                }
                _paths.Add(resolved);
            }
        }

        protected override void EndProcessing()
        {
            // A package missing one of the requested paths would deploy broken code: build nothing.
            if (_inputFailed || _paths.Count == 0) return;
            string outFile = OutFile == null ? null : ResolveFileSystemPath(OutFile, "OutFile");
            if (OutFile != null && outFile == null) return;

            var options = new PackageOptions { Exclude = Exclude, Handler = Handler, Runtime = Runtime, OutputPath = outFile };
            var builder = new PackageBuilder(options);
            builder.Info += PostVerbose;
            builder.Warning += PostWarning;
            object target = _paths.Count == 1 ? _paths[0] : (object)_paths.ToArray();

            TryProcess(target, () =>
            {
                var plan = Run(ct => Task.FromResult(builder.Plan(_paths, ct)));
                string destination = outFile ?? System.IO.Path.Combine(options.CacheDirectory, "<sha256>.zip");
                string action = $"Write Lambda package of {plan.Entries.Count} file(s) ({PackageBuilder.FormatSize(plan.UncompressedSize)}) from '{plan.SourcePath}'";
                if (!ShouldProcess(destination, action)) return;
                WriteObject(Run(ct => builder.WriteFileAsync(plan, outFile, Force, ct)));
            });
        }

        /// <summary>A file-system path from a PowerShell path (relative to $PWD, ~, PSDrives); null after writing the error.</summary>
        private string ResolveFileSystemPath(string path, string parameter)
        {
            try
            {
                string resolved = SessionState.Path.GetUnresolvedProviderPathFromPSPath(path, out ProviderInfo provider, out _);
                if (provider.ImplementingType == typeof(Microsoft.PowerShell.Commands.FileSystemProvider))
                    return resolved;
                WriteFailure(new Validation.AlonzoValidationException("NotAFileSystemPath", parameter, path,
                    $"-{parameter}: '{path}' is a {provider.Name} path; packages are built from and written to the file system."), path);
            }
            catch (Exception e) when (e is DriveNotFoundException || e is ProviderNotFoundException || e is NotSupportedException || e is ArgumentException)
            {
                WriteFailure(new AlonzoOperationException("PathNotFound", FailureKind.ObjectNotFound, $"Cannot resolve '{path}': {e.Message}", null, e), path);
            }
            return null;
        }

        /// <summary>Lambda runtimes AWS supports for new functions (Runtime enum of the lambda 2015-03-31 model, deprecated ones left out).</summary>
        public sealed class RuntimeCompleter : CompleterBase
        {
            private static readonly string[] Runtimes =
            {
                "python3.14", "python3.13", "python3.12", "python3.11", "python3.10",
                "nodejs24.x", "nodejs22.x", "nodejs20.x",
                "java25", "java21", "java17", "java11", "java8.al2",
                "dotnet10", "dotnet8",
                "ruby3.4", "ruby3.3",
                "provided.al2023", "provided.al2",
            };

            protected override IEnumerable<string> GetCandidates(IDictionary boundParameters) => Runtimes;
        }
    }
}
