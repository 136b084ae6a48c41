using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Net.Http;
using System.Text.RegularExpressions;
using System.Threading;
using System.Threading.Tasks;
using Alonzo.Aws.Lambda;
using Alonzo.Aws.Runtime;
using Alonzo.Functions;
using Alonzo.Sessions;
using Alonzo.Validation;

namespace Alonzo.Local
{
    /// <summary>
    /// What Invoke-AlonzoFunction -Local was given. With -Path, -Handler and -Runtime the function is
    /// run as described, without calling AWS; with -Name and any of them missing, the deployed
    /// function's settings (GetFunction) fill in what was not given, and its code comes from -Path
    /// or from the deployed zip.
    /// </summary>
    public sealed class LocalFunctionRequest
    {
        public string Name { get; set; }
        public string Qualifier { get; set; }
        /// <summary>A folder or zip, already resolved to a file system path.</summary>
        public string Path { get; set; }
        public string Handler { get; set; }
        public string Runtime { get; set; }
        public int? MemorySize { get; set; }
        public int? Timeout { get; set; }
        public IDictionary<string, string> Environment { get; set; }
        public string Region { get; set; }
        public IDictionary<string, string> SessionVariables { get; set; }
        public string RuntimeDirectory { get; set; }

        public bool UsesDeployedFunction => !string.IsNullOrEmpty(Name) && (Path == null || string.IsNullOrEmpty(Handler) || string.IsNullOrEmpty(Runtime));

        public void Validate()
        {
            if (!string.IsNullOrEmpty(Name)) FunctionRules.Name(Name, "Name");
            if (!UsesDeployedFunction && (Path == null || string.IsNullOrEmpty(Handler) || string.IsNullOrEmpty(Runtime)))
                throw new AlonzoValidationException("MissingLocalSettings", Path == null ? "Path" : string.IsNullOrEmpty(Handler) ? "Handler" : "Runtime", null,
                    "-Local runs either a deployed function (-Name, with -Path for its code if Lambda's copy cannot be downloaded) or a folder described by -Path, -Handler and -Runtime; " +
                    $"-{(Path == null ? "Path" : string.IsNullOrEmpty(Handler) ? "Handler" : "Runtime")} is missing.");
            if (MemorySize.HasValue) FunctionRules.MemorySize(MemorySize.Value);
            if (Timeout.HasValue) FunctionRules.Timeout(Timeout.Value);
            FunctionRules.Environment(Environment);
        }

        /// <summary>A function name from a folder's name (Lambda's characters only), for a folder run without -Name.</summary>
        public static string NameFromFolder(string path)
        {
            string leaf = System.IO.Path.GetFileNameWithoutExtension((path ?? "").TrimEnd('/', '\\'));
            string name = Regex.Replace(leaf, "[^a-zA-Z0-9_-]", "-").Trim('-');
            if (name.Length > FunctionRules.NameMax) name = name.Substring(0, FunctionRules.NameMax);
            return name.Length == 0 ? "function" : name;
        }
    }

    /// <summary>A local function with its code folder and what Lambda knows about it, disposed together.</summary>
    public sealed class LocalFunctionSetup : IDisposable
    {
        private LocalFunctionSetup(LocalFunction function, LocalCode code, string roleArn, bool deployed)
        {
            Function = function;
            Code = code;
            RoleArn = roleArn;
            FromDeployedFunction = deployed;
        }

        public LocalFunction Function { get; }
        public LocalCode Code { get; }
        /// <summary>The deployed function's execution role, or null.</summary>
        public string RoleArn { get; }
        public bool FromDeployedFunction { get; }

        public static async Task<LocalFunctionSetup> PrepareAsync(LocalFunctionRequest request, Func<AlonzoContext> context, HttpMessageHandler downloadHandler,
            Action<string> info, CancellationToken cancellationToken)
        {
            request.Validate();
            FunctionConfiguration deployed = null;
            LocalCode code = null;
            try
            {
                if (request.UsesDeployedFunction)
                {
                    var ctx = context();
                    GetFunctionResponse reply;
                    try
                    {
                        reply = await ctx.Lambda.GetFunctionAsync(request.Name, request.Qualifier, cancellationToken).ConfigureAwait(false);
                    }
                    catch (AwsResourceNotFoundException e)
                    {
                        throw new AlonzoOperationException("FunctionNotFound", FailureKind.ObjectNotFound,
                            $"No function named '{request.Name}'{(request.Qualifier == null ? "" : " (" + request.Qualifier + ")")} in region {ctx.Region} to take the settings from.",
                            "Check the name with Get-AlonzoFunction, or run the folder with -Path, -Handler and -Runtime.", e);
                    }
                    deployed = reply.Configuration;
                    info?.Invoke($"Using the settings of the deployed function '{deployed.FunctionName}': handler {deployed.Handler}, runtime {deployed.Runtime}, {deployed.MemorySize ?? 128} MB, {deployed.Timeout ?? 3} s" +
                                 $", {deployed.Environment?.Variables?.Count ?? 0} environment variable(s).");
                    if (request.Path != null)
                        code = LocalCode.FromPath(request.Path);
                    else
                    {
                        info?.Invoke($"Downloading the deployed code of '{deployed.FunctionName}' ({deployed.CodeSize:N0} bytes, CodeSha256 {deployed.CodeSha256}).");
                        code = await LocalCode.DownloadAsync(reply.Code?.Location, deployed.FunctionName, downloadHandler, cancellationToken).ConfigureAwait(false);
                    }
                }
                else
                {
                    code = LocalCode.FromPath(request.Path);
                }

                var environment = new Dictionary<string, string>(StringComparer.Ordinal);
                if (deployed?.Environment?.Variables != null)
                    foreach (var pair in deployed.Environment.Variables) environment[pair.Key] = pair.Value;
                if (request.Environment != null)
                    foreach (var pair in request.Environment) environment[pair.Key] = pair.Value;

                string name = deployed?.FunctionName ?? (string.IsNullOrEmpty(request.Name) ? LocalFunctionRequest.NameFromFolder(request.Path) : request.Name);
                var settings = new LocalFunctionSettings
                {
                    FunctionName = FunctionRules.IsArn(name) ? name.Split(':')[6] : name,
                    Handler = string.IsNullOrEmpty(request.Handler) ? deployed?.Handler : request.Handler,
                    Runtime = string.IsNullOrEmpty(request.Runtime) ? deployed?.Runtime : request.Runtime,
                    CodeDirectory = code.Directory,
                    MemorySize = request.MemorySize ?? deployed?.MemorySize ?? 128,
                    Timeout = request.Timeout ?? deployed?.Timeout ?? 3,
                    Environment = environment,
                    Region = request.Region ?? "us-east-1",
                    FunctionArn = deployed == null ? null : deployed.FunctionArn + (request.Qualifier == null || deployed.FunctionArn.EndsWith(":" + request.Qualifier, StringComparison.Ordinal) ? "" : ":" + request.Qualifier),
                    Version = deployed?.Version ?? "$LATEST",
                    Architecture = deployed?.Architectures?.FirstOrDefault() ?? "x86_64",
                    SessionVariables = request.SessionVariables,
                    RuntimeDirectory = request.RuntimeDirectory,
                };
                var function = new LocalFunction(settings);
                return new LocalFunctionSetup(function, code, deployed?.Role, deployed != null);
            }
            catch
            {
                code?.Dispose();
                throw;
            }
        }

        public void Dispose()
        {
            Function.Dispose();
            Code.Dispose();
        }
    }
}
