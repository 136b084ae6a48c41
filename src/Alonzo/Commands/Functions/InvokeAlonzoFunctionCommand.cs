using System;
using System.Collections;
using System.Collections.Generic;
using System.IO;
using System.Management.Automation;
using Alonzo.Aws.Runtime;
using Alonzo.Commands.Hosting;
using Alonzo.Functions;
using Alonzo.Json;
using Alonzo.Local;
using Alonzo.Mappings;

namespace Alonzo.Commands.Functions
{
    /// <summary>
    /// Invokes a Lambda function and shows its reply, error and log tail; or, with -Local, runs its
    /// handler on this machine as Lambda would, with an event or fed from a stream like a mapping.
    /// </summary>
    [Cmdlet(VerbsLifecycle.Invoke, "AlonzoFunction", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Low, DefaultParameterSetName = RemoteSet)]
    [OutputType(typeof(AlonzoInvocation))]
    public sealed class InvokeAlonzoFunctionCommand : AlonzoCmdlet, IDisposable
    {
        private const string RemoteSet = "Remote";
        private const string LocalSet = "Local";
        private const string StreamSet = "LocalStream";

        private readonly Dictionary<string, LocalFunctionSetup> _local = new Dictionary<string, LocalFunctionSetup>(StringComparer.Ordinal);

        [Parameter(Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true, ParameterSetName = RemoteSet)]
        [Parameter(Position = 0, ValueFromPipelineByPropertyName = true, ParameterSetName = LocalSet)]
        [Parameter(Position = 0, ParameterSetName = StreamSet)]
        [Alias("FunctionName")]
        [ArgumentCompleter(typeof(Completers.FunctionNameCompleter))]
        [AllowEmptyString]
        public string Name { get; set; }

        /// <summary>The event: JSON text, or any object (hashtable, PSCustomObject, array), sent as JSON.</summary>
        [Parameter(Position = 1, ParameterSetName = RemoteSet)]
        [Parameter(Position = 1, ParameterSetName = LocalSet)]
        public object Payload { get; set; }

        /// <summary>An event from ConvertTo-AlonzoKinesisEvent, piped in: one invocation per event.</summary>
        [Parameter(ValueFromPipeline = true, ParameterSetName = RemoteSet)]
        [Parameter(ValueFromPipeline = true, ParameterSetName = LocalSet)]
        public AlonzoKinesisEvent KinesisEvent { get; set; }

        [Parameter(ParameterSetName = RemoteSet)]
        [ValidateSet("RequestResponse", "Event", "DryRun")]
        public string InvocationType { get; set; } = "RequestResponse";

        /// <summary>A version number or alias.</summary>
        [Parameter]
        public string Qualifier { get; set; }

        /// <summary>Run the handler on this machine instead of invoking the function in AWS.</summary>
        [Parameter(Mandatory = true, ParameterSetName = LocalSet)]
        [Parameter(Mandatory = true, ParameterSetName = StreamSet)]
        public SwitchParameter Local { get; set; }

        [Parameter(ParameterSetName = LocalSet)]
        [Parameter(ParameterSetName = StreamSet)]
        public string Path { get; set; }

        [Parameter(ParameterSetName = LocalSet)]
        [Parameter(ParameterSetName = StreamSet)]
        public string Handler { get; set; }

        [Parameter(ParameterSetName = LocalSet)]
        [Parameter(ParameterSetName = StreamSet)]
        [ArgumentCompleter(typeof(Completers.RuntimeCompleter))]
        public string Runtime { get; set; }

        [Parameter(ParameterSetName = LocalSet)]
        [Parameter(ParameterSetName = StreamSet)]
        public int MemorySize { get; set; }

        /// <summary>Seconds (1 to 900).</summary>
        [Parameter(ParameterSetName = LocalSet)]
        [Parameter(ParameterSetName = StreamSet)]
        public int Timeout { get; set; }

        [Parameter(ParameterSetName = LocalSet)]
        [Parameter(ParameterSetName = StreamSet)]
        public Hashtable Environment { get; set; }

        [Parameter(Mandatory = true, ParameterSetName = StreamSet)]
        [ArgumentCompleter(typeof(Completers.StreamNameCompleter))]
        [ValidateNotNullOrEmpty]
        public string StreamName { get; set; }

        [Parameter(ParameterSetName = StreamSet)]
        public SwitchParameter Follow { get; set; }

        [Parameter(ParameterSetName = StreamSet)]
        public int BatchSize { get; set; }

        [Parameter(ParameterSetName = StreamSet)]
        public int MaximumBatchingWindowSeconds { get; set; }

        [Parameter(ParameterSetName = StreamSet)]
        [ValidateSet("TRIM_HORIZON", "LATEST", "AT_TIMESTAMP")]
        public string StartingPosition { get; set; }

        [Parameter(ParameterSetName = StreamSet)]
        public DateTime StartingPositionTimestamp { get; set; }

        [Parameter(ParameterSetName = StreamSet)]
        public int MaximumRetryAttempts { get; set; }

        [Parameter(ParameterSetName = StreamSet)]
        public SwitchParameter BisectBatchOnFunctionError { get; set; }

        [Parameter(ParameterSetName = StreamSet)]
        public SwitchParameter ReportBatchItemFailures { get; set; }

        [Parameter(ParameterSetName = StreamSet)]
        public int MaximumRecordAgeSeconds { get; set; }

        protected override void ProcessRecord()
        {
            switch (ParameterSetName)
            {
                case LocalSet:
                    TryProcess(Target, InvokeLocal);
                    break;
                case StreamSet:
                    TryProcess(Target, RunStream);
                    break;
                default:
                    TryProcess(Name, InvokeRemote);
                    break;
            }
        }

        protected override void EndProcessing() => EndLocalFunctions();

        protected override void Dispose(bool disposing)
        {
            if (disposing)
            {
                // Select-Object -First and the like end the pipeline without StopProcessing: stop a
                // stream mapping's polling too, before the base disposes the context it uses.
                StopProcessing();
                EndLocalFunctions();
            }
            base.Dispose(disposing);
        }

        /// <summary>Ends every execution environment the command started, and deletes unpacked code.</summary>
        private void EndLocalFunctions()
        {
            foreach (var setup in _local.Values) setup.Dispose();
            _local.Clear();
        }

        private string Target => string.IsNullOrEmpty(Name) ? Path : Name;

        private void InvokeRemote()
        {
            FunctionRules.Name(Name);
            string json = PayloadJson();
            if (!ShouldProcess(Name, $"Invoke Lambda function ({InvocationType})"))
                return;
            var operations = new FunctionOperations(Context);
            var result = Run(ct => operations.InvokeAsync(Name, json, InvocationType, Qualifier, ct));
            Emit(result, true);
        }

        private void InvokeLocal()
        {
            string json = PayloadJson();
            var setup = LocalFunction();
            var function = setup.Function;
            if (!ShouldProcess(function.Settings.FunctionName, $"Run the handler {function.Settings.Handler} locally with {function.Interpreter.FamilyName} {function.Interpreter.Version}"))
                return;
            var result = Run(ct => function.InvokeAsync(json, ct));
            Emit(result, true);
        }

        private void RunStream()
        {
            var setup = LocalFunction();
            var options = new LocalMappingOptions
            {
                StreamName = StreamName,
                Follow = Follow,
                InvokeIdentityArn = setup.RoleArn,
            };
            if (setup.FromDeployedFunction)
            {
                var operations = new EventMappingOperations(Context);
                var mapping = Run(async ct =>
                {
                    string arn = (await operations.ResolveSourceArnAsync(new EventMappingSpec { StreamName = StreamName }, null, ct).ConfigureAwait(false)).Value;
                    var found = await operations.ListAsync(setup.Function.Settings.FunctionName, arn, ct).ConfigureAwait(false);
                    return found.Count == 0 ? null : found[0];
                });
                if (mapping != null)
                {
                    options.AdoptDeployedMapping(mapping, IsBound);
                    WriteVerbose($"Using the settings of the deployed mapping {mapping.UUID} where no parameter says otherwise.");
                }
            }
            if (IsBound(nameof(BatchSize))) options.BatchSize = BatchSize;
            if (IsBound(nameof(MaximumBatchingWindowSeconds))) options.MaximumBatchingWindowInSeconds = MaximumBatchingWindowSeconds;
            if (IsBound(nameof(StartingPosition))) options.StartingPosition = StartingPosition;
            if (IsBound(nameof(StartingPositionTimestamp)))
            {
                options.StartingPositionTimestamp = StartingPositionTimestamp.ToUniversalTime();
                if (!IsBound(nameof(StartingPosition))) options.StartingPosition = "AT_TIMESTAMP";
            }
            if (IsBound(nameof(MaximumRetryAttempts))) options.MaximumRetryAttempts = MaximumRetryAttempts;
            if (IsBound(nameof(BisectBatchOnFunctionError))) options.BisectBatchOnFunctionError = BisectBatchOnFunctionError;
            if (IsBound(nameof(ReportBatchItemFailures))) options.ReportBatchItemFailures = ReportBatchItemFailures;
            if (IsBound(nameof(MaximumRecordAgeSeconds))) options.MaximumRecordAgeInSeconds = MaximumRecordAgeSeconds;

            var run = new LocalStreamMapping(Context, setup.Function, options);
            run.Info += PostVerbose;
            run.Warning += PostWarning;
            run.Invoked += invocation => Post(() => Emit(invocation, false));
            if (!ShouldProcess(setup.Function.Settings.FunctionName, $"Run the handler locally on the records of stream '{StreamName}'{(Follow ? " until stopped" : "")}"))
                return;
            Run(ct => run.RunAsync(ct));
            WriteVerbose($"{run.Invocations:N0} invocation(s); {run.RecordsSucceeded:N0} record(s) processed, {run.RecordsDiscarded:N0} discarded.");
        }

        /// <summary>The local function for this input, started once per command and reused (a warm environment).</summary>
        private LocalFunctionSetup LocalFunction()
        {
            var request = new LocalFunctionRequest
            {
                Name = string.IsNullOrEmpty(Name) ? null : Name,
                Qualifier = Qualifier,
                Path = Path == null ? null : GetUnresolvedProviderPathFromPSPath(Path),
                Handler = Handler,
                Runtime = Runtime,
                MemorySize = IsBound(nameof(MemorySize)) ? MemorySize : (int?)null,
                Timeout = IsBound(nameof(Timeout)) ? Timeout : (int?)null,
                Environment = ToStringDictionary(Environment),
                RuntimeDirectory = System.IO.Path.Combine(System.IO.Path.GetDirectoryName(typeof(InvokeAlonzoFunctionCommand).Assembly.Location) ?? ".", "runtime"),
            };
            string key = string.Join("\u0001", request.Name, request.Qualifier, request.Path, request.Handler, request.Runtime, request.MemorySize, request.Timeout);
            if (_local.TryGetValue(key, out var existing)) return existing;

            request.Validate();
            var session = SessionForLocalRun(request.UsesDeployedFunction || ParameterSetName == StreamSet);
            request.Region = session?.Region ?? AwsSession.ResolveRegionOrNull(new AwsSessionOptions { Region = Region, ProfileName = ProfileName }) ?? "us-east-1";
            request.SessionVariables = SessionVariables(session);
            var setup = Run(ct => LocalFunctionSetup.PrepareAsync(request, () => Context, AlonzoDiagnostics.Handler, PostVerbose, ct));
            _local[key] = setup;
            var interpreter = setup.Function.Interpreter;
            WriteVerbose($"Running {setup.Function.Settings.Handler} ({setup.Function.Settings.Runtime}) in '{setup.Code.Directory}' with {interpreter.FamilyName} {interpreter.Version} ({interpreter.Path}).");
            if (interpreter.MismatchWarning != null) WriteWarning(interpreter.MismatchWarning);
            return setup;
        }

        /// <summary>
        /// The caller's AWS session, when the run needs AWS (a deployed function, a stream) or when
        /// credentials are configured: the handler then gets them, as a function gets its role's.
        /// Without either, the handler runs without credentials and no credential source is probed
        /// (instance metadata would only slow a machine that has none).
        /// </summary>
        private AwsSession SessionForLocalRun(bool needed)
        {
            if (needed) return Context.Session;
            bool configured = Credential != null || ProfileName != null
                || !string.IsNullOrEmpty(System.Environment.GetEnvironmentVariable("AWS_ACCESS_KEY_ID"))
                || !string.IsNullOrEmpty(System.Environment.GetEnvironmentVariable("AWS_PROFILE"))
                || File.Exists(System.Environment.GetEnvironmentVariable("AWS_SHARED_CREDENTIALS_FILE") ?? System.IO.Path.Combine(System.Environment.GetFolderPath(System.Environment.SpecialFolder.UserProfile), ".aws", "credentials"));
            if (!configured) return null;
            try
            {
                return Context.Session;
            }
            catch (AwsConfigurationException e)
            {
                WriteVerbose("The handler runs without AWS credentials: " + e.Message);
                return null;
            }
        }

        /// <summary>What the handler's environment gets from the session: credentials, and the endpoints this command uses.</summary>
        private Dictionary<string, string> SessionVariables(AwsSession session)
        {
            var variables = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (DictionaryEntry entry in System.Environment.GetEnvironmentVariables())
            {
                string name = (string)entry.Key;
                if (name == "AWS_ENDPOINT_URL" || name.StartsWith("AWS_ENDPOINT_URL_", StringComparison.Ordinal)) variables[name] = (string)entry.Value;
            }
            if (EndpointUrl != null) variables["AWS_ENDPOINT_URL"] = EndpointUrl;
            if (session != null)
                foreach (var pair in session.CredentialVariables()) variables[pair.Key] = pair.Value;
            return variables;
        }

        private void Emit(AlonzoInvocation result, bool warnOnError)
        {
            result.Payload = PowerShellValues.ToPowerShell(result.Payload);
            if (warnOnError && result.FunctionError != null)
                WriteWarning($"Function '{result.FunctionName}' raised an error ({result.FunctionError}{(result.ErrorType == null ? "" : ": " + result.ErrorType)}); see Payload and LogTail.");
            if (result.Local && result.Report != null && result.Report.MaxMemoryUsed > result.Report.MemorySize)
                WriteWarning($"Function '{result.FunctionName}' used {result.Report.MaxMemoryUsed} MB, more than its {result.Report.MemorySize} MB; on Lambda it would have run out of memory. Raise -MemorySize.");
            WriteObject(result);
        }

        private string PayloadJson()
        {
            if (KinesisEvent != null)
            {
                if (IsBound(nameof(Payload)))
                    throw new AlonzoOperationException("InvalidPayload", FailureKind.InvalidArgument,
                        "-Payload and a piped Kinesis event were both given; each invocation takes one event.", "Pipe the events in, or pass -Payload, not both.");
                return KinesisEvent.ToJson();
            }
            object value = Payload is PSObject pso ? pso.BaseObject : Payload;
            switch (value)
            {
                case null:
                    return null;
                case AlonzoKinesisEvent e:
                    return e.ToJson();
                case string text:
                    if (!JsonValues.TryParse(text, out _))
                        throw new AlonzoOperationException("InvalidPayload", FailureKind.InvalidArgument,
                            $"-Payload: the text is not JSON: '{(text.Length > 60 ? text.Substring(0, 57) + "..." : text)}'.",
                            "Pass JSON text, or an object (a hashtable or PSCustomObject) to send as JSON.");
                    return text;
                default:
                    try
                    {
                        return JsonValues.Serialize(PowerShellValues.ToPlain(Payload));
                    }
                    catch (ArgumentException e)
                    {
                        throw new AlonzoOperationException("InvalidPayload", FailureKind.InvalidArgument,
                            "-Payload cannot be sent as JSON: " + e.Message, "Pass a flatter object, or JSON text.");
                    }
            }
        }
    }
}
