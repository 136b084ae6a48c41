using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using Alonzo.Functions;
using Alonzo.Json;

namespace Alonzo.Local
{
    /// <summary>
    /// A Lambda function run on this machine: its handler in a child interpreter with Alonzo's
    /// bootstrap, as Lambda runs it in an execution environment. The first invocation starts an
    /// environment (a cold start, with INIT_START and an Init Duration); later ones reuse an idle one,
    /// as Lambda reuses a sandbox. Concurrent invocations (one per shard of a stream mapping) get
    /// environments of their own. The timeout ends the environment's whole process tree. Each
    /// invocation comes back as an AlonzoInvocation, the type a remote invocation has, with the
    /// START, END and REPORT lines Lambda writes and Lambda's error payloads for each runtime.
    /// </summary>
    public sealed class LocalFunction : IDisposable
    {
        /// <summary>Lambda ends an init phase that takes longer than this (and tries again within the invocation).</summary>
        public static readonly TimeSpan InitLimit = TimeSpan.FromSeconds(10);

        private readonly LocalFunctionSettings _settings;
        private readonly string _bootstrap;
        private readonly object _lock = new object();
        private readonly Stack<LocalSandbox> _idle = new Stack<LocalSandbox>();
        private readonly HashSet<LocalSandbox> _all = new HashSet<LocalSandbox>();
        private bool _disposed;

        public LocalFunction(LocalFunctionSettings settings)
        {
            _settings = settings ?? throw new ArgumentNullException(nameof(settings));
            settings.Validate();
            Interpreter = LocalInterpreter.Find(settings.Runtime);
            _bootstrap = settings.BootstrapPath(Interpreter.Family);
        }

        public LocalInterpreter Interpreter { get; }
        public LocalFunctionSettings Settings => _settings;

        /// <summary>How many execution environments have been started (cold starts).</summary>
        public int ColdStarts { get; private set; }

        /// <summary>Invokes the handler with an event (JSON text; null sends {} as Lambda does).</summary>
        public Task<AlonzoInvocation> InvokeAsync(string payloadJson, CancellationToken cancellationToken) =>
            InvokeAsync(Encoding.UTF8.GetBytes(string.IsNullOrEmpty(payloadJson) ? "{}" : payloadJson), cancellationToken);

        public async Task<AlonzoInvocation> InvokeAsync(byte[] payload, CancellationToken cancellationToken)
        {
            string requestId = Guid.NewGuid().ToString("D");
            var log = new StringBuilder();
            var clock = System.Diagnostics.Stopwatch.StartNew();
            var (sandbox, init) = Acquire();
            bool healthy = false;
            try
            {
                double? initMs = null;
                if (init)
                {
                    var ready = await StartAsync(sandbox, cancellationToken).ConfigureAwait(false);
                    initMs = clock.Elapsed.TotalMilliseconds;
                    log.Append("INIT_START Runtime Version: ").Append(Interpreter.Family == RuntimeFamily.Python ? "python:" : "nodejs:").Append(Interpreter.Version).Append('\n');
                    AppendOutput(log, ready?.Log);
                    if (ready == null || ready.Kind != SandboxFrame.Ready)
                        return InitFailed(requestId, sandbox, ready, initMs.Value, log);
                    sandbox.PeakMemoryMegabytes();
                }

                log.Append("START RequestId: ").Append(requestId).Append(" Version: ").Append(_settings.Version).Append('\n');
                var timeout = TimeSpan.FromSeconds(_settings.Timeout);
                long deadline = EpochMilliseconds(DateTime.UtcNow + timeout);
                var sent = System.Diagnostics.Stopwatch.StartNew();
                await sandbox.SendAsync(requestId, deadline, TraceId(), payload, cancellationToken).ConfigureAwait(false);
                SandboxFrame frame;
                using (cancellationToken.Register(sandbox.Kill))
                    frame = await sandbox.NextFrameAsync(timeout - sent.Elapsed, CancellationToken.None).ConfigureAwait(false);
                cancellationToken.ThrowIfCancellationRequested();

                if (frame == null)
                {
                    // Timed out: Lambda ends the environment, whatever the handler is doing.
                    int peakAtTimeout = sandbox.PeakMemoryMegabytes();
                    sandbox.Kill();
                    var exited = await sandbox.NextFrameAsync(TimeSpan.FromSeconds(5), CancellationToken.None).ConfigureAwait(false);
                    AppendOutput(log, exited?.Log);
                    double elapsed = sent.Elapsed.TotalMilliseconds;
                    string seconds = _settings.Timeout.ToString("0.00", CultureInfo.InvariantCulture);
                    log.Append(DateTime.UtcNow.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture)).Append(' ').Append(requestId)
                        .Append(" Task timed out after ").Append(seconds).Append(" seconds\n");
                    var payloadText = JsonValues.Serialize(new Dictionary<string, object>
                    {
                        ["errorType"] = "Sandbox.Timedout",
                        ["errorMessage"] = $"RequestId: {requestId} Error: Task timed out after {seconds} seconds",
                    });
                    return Finish(requestId, sandbox.LogStreamName, log, payloadText, true, elapsed, initMs, peakAtTimeout, "timeout", null);
                }
                AppendOutput(log, frame.Log);
                if (frame.Kind == SandboxFrame.Exited)
                    return Exited(requestId, sandbox, log, frame, sent.Elapsed.TotalMilliseconds, initMs);

                int peak = sandbox.PeakMemoryMegabytes();
                bool failed = frame.Kind != SandboxFrame.Result;
                healthy = frame.Kind == SandboxFrame.Result || frame.Kind == SandboxFrame.Error;
                string text = Encoding.UTF8.GetString(frame.Payload);
                return Finish(requestId, sandbox.LogStreamName, log, text, failed, frame.DurationMicroseconds / 1000.0, initMs, peak, null, null);
            }
            finally
            {
                Release(sandbox, healthy && !cancellationToken.IsCancellationRequested);
            }
        }

        private (LocalSandbox, bool) Acquire()
        {
            lock (_lock)
            {
                if (_disposed) throw new ObjectDisposedException(nameof(LocalFunction));
                while (_idle.Count > 0)
                {
                    var warm = _idle.Pop();
                    if (!warm.Exited) return (warm, false);
                    _all.Remove(warm);
                    warm.Dispose();
                }
                string logStream = DateTime.UtcNow.ToString("yyyy/MM/dd", CultureInfo.InvariantCulture) + "/[" + _settings.Version + "]" + Guid.NewGuid().ToString("N");
                string runtimeDirectory = Path.GetDirectoryName(Path.GetDirectoryName(_bootstrap));
                var sandbox = LocalSandbox.Start(new SandboxLaunch
                {
                    Interpreter = Interpreter,
                    Bootstrap = _bootstrap,
                    WorkingDirectory = _settings.CodeDirectory,
                    Environment = _settings.BuildEnvironment(logStream, runtimeDirectory),
                    FunctionArn = _settings.ResolvedFunctionArn,
                });
                sandbox.LogStreamName = logStream;
                _all.Add(sandbox);
                ColdStarts++;
                return (sandbox, true);
            }
        }

        private void Release(LocalSandbox sandbox, bool healthy)
        {
            lock (_lock)
            {
                if (healthy && !_disposed && !sandbox.Exited)
                {
                    _idle.Push(sandbox);
                    return;
                }
                _all.Remove(sandbox);
            }
            sandbox.Dispose();
        }

        private async Task<SandboxFrame> StartAsync(LocalSandbox sandbox, CancellationToken cancellationToken)
        {
            var limit = InitLimit + TimeSpan.FromSeconds(_settings.Timeout);
            using (cancellationToken.Register(sandbox.Kill))
            {
                var frame = await sandbox.NextFrameAsync(limit, CancellationToken.None).ConfigureAwait(false);
                cancellationToken.ThrowIfCancellationRequested();
                if (frame == null) sandbox.Kill();
                return frame;
            }
        }

        private AlonzoInvocation InitFailed(string requestId, LocalSandbox sandbox, SandboxFrame frame, double initMs, StringBuilder log)
        {
            string payloadText, errorType;
            string status = "error";
            if (frame == null)
            {
                status = "timeout";
                errorType = "Sandbox.Timedout";
                payloadText = JsonValues.Serialize(new Dictionary<string, object>
                {
                    ["errorType"] = errorType,
                    ["errorMessage"] = $"RequestId: {requestId} Error: Task timed out after {(InitLimit.TotalSeconds + _settings.Timeout).ToString("0.00", CultureInfo.InvariantCulture)} seconds",
                });
            }
            else if (frame.Kind == SandboxFrame.Exited)
            {
                errorType = "Runtime.ExitError";
                payloadText = ExitPayload(requestId, frame.ExitCode, log);
            }
            else
            {
                payloadText = Encoding.UTF8.GetString(frame.Payload);
                errorType = JsonValues.TryParse(payloadText, out var parsed) && parsed is IDictionary<string, object> d && d.TryGetValue("errorType", out var t) ? t as string : "Runtime.Unknown";
            }
            log.Append("INIT_REPORT Init Duration: ").Append(Ms(initMs)).Append(" ms\tPhase: init\tStatus: ").Append(status).Append("\tError Type: ").Append(errorType).Append('\n');
            log.Append("START RequestId: ").Append(requestId).Append(" Version: ").Append(_settings.Version).Append('\n');
            return Finish(requestId, sandbox.LogStreamName, log, payloadText, true, initMs, null, Math.Max(sandbox.PeakMemoryMegabytes(), 1), status, errorType);
        }

        private AlonzoInvocation Exited(string requestId, LocalSandbox sandbox, StringBuilder log, SandboxFrame frame, double elapsedMs, double? initMs)
        {
            string payloadText = ExitPayload(requestId, frame.ExitCode, log);
            return Finish(requestId, sandbox.LogStreamName, log, payloadText, true, elapsedMs, initMs, sandbox.PeakMemoryMegabytes(), "error", "Runtime.ExitError");
        }

        /// <summary>Lambda's reply when the runtime process ends during an invocation, with its two log lines.</summary>
        private static string ExitPayload(string requestId, int? exitCode, StringBuilder log)
        {
            string reason = ExitReason(exitCode);
            string message = $"RequestId: {requestId} Error: Runtime exited with error: {reason}";
            log.Append(message).Append('\n').Append("Runtime.ExitError\n");
            return JsonValues.Serialize(new Dictionary<string, object> { ["errorType"] = "Runtime.ExitError", ["errorMessage"] = message });
        }

        private static string ExitReason(int? code)
        {
            if (code == null) return "signal: killed";
            // .NET reports a process ended by a signal as 128 + the signal's number.
            switch (code.Value)
            {
                case 128 + 9: return "signal: killed";
                case 128 + 6: return "signal: aborted";
                case 128 + 11: return "signal: segmentation fault";
                case 128 + 15: return "signal: terminated";
                default: return "exit status " + code.Value.ToString(CultureInfo.InvariantCulture);
            }
        }

        private AlonzoInvocation Finish(string requestId, string logStream, StringBuilder log, string payloadText, bool failed, double durationMs, double? initMs,
            int peakMegabytes, string status, string errorType)
        {
            // Billed in 1 ms steps since December 2020; the init phase of on-demand zip functions too since August 2025.
            double billed = Math.Max(1, Math.Ceiling(Math.Round(durationMs, 2) + (initMs.HasValue ? Math.Round(initMs.Value, 2) : 0)));
            if (status == "timeout") billed = Math.Max(billed, _settings.Timeout * 1000.0);
            log.Append("END RequestId: ").Append(requestId).Append('\n');
            log.Append("REPORT RequestId: ").Append(requestId)
                .Append("\tDuration: ").Append(Ms(durationMs)).Append(" ms")
                .Append("\tBilled Duration: ").Append(billed.ToString("0", CultureInfo.InvariantCulture)).Append(" ms")
                .Append("\tMemory Size: ").Append(_settings.MemorySize.ToString(CultureInfo.InvariantCulture)).Append(" MB")
                .Append("\tMax Memory Used: ").Append(peakMegabytes.ToString(CultureInfo.InvariantCulture)).Append(" MB");
            if (initMs.HasValue) log.Append("\tInit Duration: ").Append(Ms(initMs.Value)).Append(" ms");
            if (status != null) log.Append("\tStatus: ").Append(status);
            if (errorType != null) log.Append("\tError Type: ").Append(errorType);
            log.Append("\t\n");

            string text = log.ToString();
            var invocation = new AlonzoInvocation
            {
                FunctionName = _settings.FunctionName,
                StatusCode = 200,
                FunctionError = failed ? "Unhandled" : null,
                ExecutedVersion = _settings.Version,
                InvocationType = "RequestResponse",
                PayloadText = payloadText,
                LogTail = InvocationResults.Tail(text),
                Log = text,
                RequestId = requestId,
                Local = true,
            };
            InvocationResults.Complete(invocation, text);
            if (invocation.Report != null) invocation.Report.LogStream = logStream;
            return invocation;
        }

        private static void AppendOutput(StringBuilder log, string output)
        {
            if (string.IsNullOrEmpty(output)) return;
            log.Append(output);
            if (output[output.Length - 1] != '\n') log.Append('\n');
        }

        private static string Ms(double value) => value.ToString("0.00", CultureInfo.InvariantCulture);

        private static long EpochMilliseconds(DateTime utc) => (long)(utc - new DateTime(1970, 1, 1, 0, 0, 0, DateTimeKind.Utc)).TotalMilliseconds;

        /// <summary>An X-Ray trace header of the form Lambda sets for every invocation (not sampled).</summary>
        private static string TraceId()
        {
            string epoch = ((long)(DateTime.UtcNow - new DateTime(1970, 1, 1, 0, 0, 0, DateTimeKind.Utc)).TotalSeconds).ToString("x8", CultureInfo.InvariantCulture);
            string root = Guid.NewGuid().ToString("N").Substring(0, 24);
            string parent = Guid.NewGuid().ToString("N").Substring(0, 16);
            return $"Root=1-{epoch}-{root};Parent={parent};Sampled=0";
        }

        public void Dispose()
        {
            List<LocalSandbox> all;
            lock (_lock)
            {
                if (_disposed) return;
                _disposed = true;
                all = _all.ToList();
                _all.Clear();
                _idle.Clear();
            }
            foreach (var sandbox in all) sandbox.Dispose();
        }
    }
}
