using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Alonzo.Local;
using Xunit;

namespace Alonzo.Tests.Local
{
    /// <summary>
    /// Failures reported as Lambda reports them for each runtime: the payload's fields and types
    /// (awslambdaric's make_error for Python, the Node.js client's toRapidResponse), FunctionError
    /// Unhandled, the runtime's log lines, and the REPORT line's Status and Error Type.
    /// </summary>
    [Collection("Local")]
    public sealed class LocalErrorTests : IDisposable
    {
        private const string Python = @"import os, subprocess, time

def handler(event, context):
    if event.get('raise'):
        raise ValueError('bad record ' + str(event['raise']))
    if event.get('set'):
        return {1, 2}
    if event.get('spin'):
        child = subprocess.Popen(['sleep', '60'])
        with open(event['spin'], 'w') as f:
            f.write(str(child.pid))
        while True:
            pass
    if event.get('exit'):
        os._exit(3)
    return 'ok'
";

        private const string Node = @"exports.handler = async (event) => {
  if (event.raise) throw new TypeError('bad record ' + event.raise);
  if (event.circular) { const a = { n: 1 }; a.self = a; return a; }
  if (event.spin) { while (true) {} }
  if (event.exit) process.exit(3);
  return 'ok';
};
exports.nested = { deeper: { handler: async () => 'nested ok' } };
exports.notAFunction = 42;
";

        private readonly LocalHandlers _handlers = new LocalHandlers();
        private readonly string _python;
        private readonly string _node;

        public LocalErrorTests()
        {
            _python = _handlers.Folder("py", ("lambda_function.py", Python));
            _node = _handlers.Folder("node", ("index.js", Node));
        }

        public void Dispose() => _handlers.Dispose();

        private static async Task<AlonzoInvocation> InvokeAsync(string folder, string handler, string runtime, string payload, int timeout = 3)
        {
            using (var function = new LocalFunction(LocalHandlers.Settings(folder, handler, runtime, timeout)))
                return await function.InvokeAsync(payload, CancellationToken.None);
        }

        private static IDictionary<string, object> Error(AlonzoInvocation invocation, string errorType)
        {
            Assert.Equal("Unhandled", invocation.FunctionError);
            Assert.Equal(200, invocation.StatusCode);
            Assert.False(invocation.Succeeded);
            Assert.Equal(errorType, invocation.ErrorType);
            return Assert.IsAssignableFrom<IDictionary<string, object>>(invocation.Payload);
        }

        private static void Keys(IDictionary<string, object> payload, params string[] keys) =>
            Assert.Equal(keys.OrderBy(k => k, StringComparer.Ordinal), payload.Keys.OrderBy(k => k, StringComparer.Ordinal));

        [Fact]
        public async Task Python_exception_has_type_message_request_id_and_the_handlers_stack_only()
        {
            var result = await InvokeAsync(_python, "lambda_function.handler", "python3.11", "{\"raise\": 7}");
            var payload = Error(result, "ValueError");
            Keys(payload, "errorMessage", "errorType", "requestId", "stackTrace");
            Assert.Equal("bad record 7", payload["errorMessage"]);
            Assert.Equal(result.RequestId, payload["requestId"]);
            var frame = Assert.Single(Assert.IsAssignableFrom<IList<object>>(payload["stackTrace"]));
            Assert.Equal($"  File \"{Path.Combine(_python, "lambda_function.py")}\", line 5, in handler\n    raise ValueError('bad record ' + str(event['raise']))\n", frame);
            // The log line: type and message, then the traceback indented with no-break spaces.
            Assert.Contains("[ERROR] ValueError: bad record 7\nTraceback (most recent call last):\n\u00a0\u00a0File \"", result.Log);
            Assert.Matches("REPORT RequestId: [0-9a-f-]+\tDuration: [0-9.]+ ms\tBilled Duration: [0-9]+ ms\tMemory Size: 256 MB\tMax Memory Used: [0-9]+ MB\tInit Duration: [0-9.]+ ms\t\n$", result.Log);
        }

        [Fact]
        public async Task Python_missing_module_is_an_ImportModuleError_of_the_init_phase()
        {
            var result = await InvokeAsync(_python, "missing.handler", "python3.11", "{}");
            var payload = Error(result, "Runtime.ImportModuleError");
            Keys(payload, "errorMessage", "errorType", "requestId", "stackTrace");
            Assert.Equal("Unable to import module 'missing': No module named 'missing'", payload["errorMessage"]);
            Assert.Equal("", payload["requestId"]);
            Assert.Empty(Assert.IsAssignableFrom<IList<object>>(payload["stackTrace"]));
            Assert.Matches("\\[WARNING\\]\t[0-9T:.Z-]+\t\tLAMBDA_WARNING: Unhandled exception\\.", result.Log);
            Assert.Contains("[ERROR] Runtime.ImportModuleError: Unable to import module 'missing': No module named 'missing'\nTraceback (most recent call last):\n", result.Log);
            Assert.Matches("INIT_REPORT Init Duration: [0-9.]+ ms\tPhase: init\tStatus: error\tError Type: Runtime.ImportModuleError\n", result.Log);
            Assert.Equal("error", result.Report.Status);
            Assert.Equal("Runtime.ImportModuleError", result.Report.ErrorType);
        }

        [Fact]
        public async Task Python_missing_function_and_malformed_handler()
        {
            var missing = await InvokeAsync(_python, "lambda_function.nothere", "python3.11", "{}");
            Assert.Equal("Handler 'nothere' missing on module 'lambda_function'", Error(missing, "Runtime.HandlerNotFound")["errorMessage"]);
            var malformed = await InvokeAsync(_python, "lambda_function", "python3.11", "{}");
            Assert.Equal("Bad handler 'lambda_function': not enough values to unpack (expected 2, got 1)", Error(malformed, "Runtime.MalformedHandlerName")["errorMessage"]);
            Assert.Equal("", Error(malformed, "Runtime.MalformedHandlerName")["requestId"]);
        }

        [Fact]
        public async Task Python_unserialisable_result_is_a_MarshalError()
        {
            var result = await InvokeAsync(_python, "lambda_function.handler", "python3.11", "{\"set\": true}");
            var payload = Error(result, "Runtime.MarshalError");
            Assert.Equal("Unable to marshal response: Object of type set is not JSON serializable", payload["errorMessage"]);
            Assert.Equal(result.RequestId, payload["requestId"]);
            Assert.Empty(Assert.IsAssignableFrom<IList<object>>(payload["stackTrace"]));
        }

        [Fact]
        public async Task Node_exception_has_type_message_and_trace()
        {
            var result = await InvokeAsync(_node, "index.handler", "nodejs20.x", "{\"raise\": 7}");
            var payload = Error(result, "TypeError");
            Keys(payload, "errorMessage", "errorType", "trace");
            Assert.Equal("bad record 7", payload["errorMessage"]);
            var trace = Assert.IsAssignableFrom<IList<object>>(payload["trace"]).Cast<string>().ToList();
            Assert.Equal("TypeError: bad record 7", trace[0]);
            Assert.Contains(Path.Combine(_node, "index.js") + ":2:", trace[1]);
            Assert.Matches($"\n[0-9T:.Z-]+\t{result.RequestId}\tERROR\tInvoke Error \t\\{{\"errorType\":\"TypeError\",\"errorMessage\":\"bad record 7\",\"stack\":\\[\"TypeError: bad record 7\",", result.Log);
        }

        [Fact]
        public async Task Node_missing_module_missing_function_and_malformed_handler()
        {
            var module = await InvokeAsync(_node, "missing.handler", "nodejs20.x", "{}");
            var payload = Error(module, "Runtime.ImportModuleError");
            Keys(payload, "errorMessage", "errorType", "trace");
            Assert.StartsWith("Error: Cannot find module 'missing'\nRequire stack:\n- ", (string)payload["errorMessage"]);
            Assert.StartsWith("Runtime.ImportModuleError: Error: Cannot find module 'missing'", (string)((IList<object>)payload["trace"])[0]);
            Assert.Matches("\n[0-9T:.Z-]+\tundefined\tERROR\tUncaught Exception \t\\{\"errorType\":\"Runtime.ImportModuleError\"", module.Log);
            Assert.Equal("Runtime.ImportModuleError", module.Report.ErrorType);

            var function = await InvokeAsync(_node, "index.nothere", "nodejs20.x", "{}");
            Assert.Equal("index.nothere is undefined or not exported", Error(function, "Runtime.HandlerNotFound")["errorMessage"]);
            var notFunction = await InvokeAsync(_node, "index.notAFunction", "nodejs20.x", "{}");
            Assert.Equal("index.notAFunction is not a function", Error(notFunction, "Runtime.HandlerNotFound")["errorMessage"]);
            var malformed = await InvokeAsync(_node, "index", "nodejs20.x", "{}");
            Assert.Equal("Bad handler", Error(malformed, "Runtime.MalformedHandlerName")["errorMessage"]);
            var nested = await InvokeAsync(_node, "index.nested.deeper.handler", "nodejs20.x", "{}");
            Assert.Equal("nested ok", nested.Payload);
        }

        [Fact]
        public async Task Node_unserialisable_result_cannot_be_stringified()
        {
            var result = await InvokeAsync(_node, "index.handler", "nodejs20.x", "{\"circular\": true}");
            var payload = Error(result, "Error");
            Assert.Equal("Unable to stringify response body", payload["errorMessage"]);
            Assert.Equal("Error: Unable to stringify response body", ((IList<object>)payload["trace"])[0]);
        }

        [Theory]
        [InlineData("python3.11", "lambda_function.handler")]
        [InlineData("nodejs20.x", "index.handler")]
        public async Task A_timeout_ends_the_whole_process_tree_and_reads_as_Lambdas(string runtime, string handler)
        {
            string pidFile = Path.Combine(Path.GetTempPath(), "alonzo-spin-" + Guid.NewGuid().ToString("N"));
            string folder = runtime.StartsWith("python") ? _python : _node;
            using (var function = new LocalFunction(LocalHandlers.Settings(folder, handler, runtime, timeout: 1)))
            {
                var watch = Stopwatch.StartNew();
                var result = await function.InvokeAsync("{\"spin\": " + System.Text.Json.JsonSerializer.Serialize(pidFile) + "}", CancellationToken.None);
                Assert.InRange(watch.Elapsed.TotalSeconds, 0.9, 8);
                var payload = Error(result, "Sandbox.Timedout");
                Keys(payload, "errorMessage", "errorType");
                Assert.Equal($"RequestId: {result.RequestId} Error: Task timed out after 1.00 seconds", payload["errorMessage"]);
                Assert.Matches($"\n[0-9T:.Z-]+ {result.RequestId} Task timed out after 1.00 seconds\nEND RequestId: {result.RequestId}\nREPORT ", result.Log);
                Assert.Equal("timeout", result.Report.Status);
                Assert.InRange(result.Report.Duration, 950, 8000);
                Assert.True(result.Report.BilledDuration >= 1000);

                if (runtime.StartsWith("python"))
                {
                    // The handler's own child process went with it.
                    int pid = int.Parse(File.ReadAllText(pidFile));
                    File.Delete(pidFile);
                    Assert.True(Gone(pid), $"process {pid} started by the handler is still running");
                }

                // The environment was ended: the next invocation is a cold start again.
                var next = await function.InvokeAsync("{}", CancellationToken.None);
                Assert.True(next.Succeeded, next.Log);
                Assert.True(next.Report.ColdStart);
                Assert.Equal(2, function.ColdStarts);
            }
        }

        [Theory]
        [InlineData("python3.11", "lambda_function.handler")]
        [InlineData("nodejs20.x", "index.handler")]
        public async Task A_runtime_that_exits_is_a_Runtime_ExitError(string runtime, string handler)
        {
            var result = await InvokeAsync(runtime.StartsWith("python") ? _python : _node, handler, runtime, "{\"exit\": true}");
            var payload = Error(result, "Runtime.ExitError");
            Assert.Equal($"RequestId: {result.RequestId} Error: Runtime exited with error: exit status 3", payload["errorMessage"]);
            Assert.Contains($"RequestId: {result.RequestId} Error: Runtime exited with error: exit status 3\nRuntime.ExitError\nEND RequestId", result.Log);
            Assert.Equal("Runtime.ExitError", result.Report.ErrorType);
            Assert.True(result.Report.MaxMemoryUsed > 0);
        }

        [Fact]
        public async Task Cancelling_ends_a_running_invocation_at_once()
        {
            using (var function = new LocalFunction(LocalHandlers.Settings(_node, "index.handler", "nodejs20.x", timeout: 60)))
            using (var cts = new CancellationTokenSource(TimeSpan.FromMilliseconds(1500)))
            {
                var watch = Stopwatch.StartNew();
                await Assert.ThrowsAnyAsync<OperationCanceledException>(() => function.InvokeAsync("{\"spin\": true}", cts.Token));
                Assert.InRange(watch.Elapsed.TotalSeconds, 1.0, 5);
            }
        }

        private static bool Gone(int pid)
        {
            for (int i = 0; i < 50; i++)
            {
                try
                {
                    using (var p = Process.GetProcessById(pid))
                        if (p.HasExited) return true;
                }
                catch (ArgumentException)
                {
                    return true;
                }
                Thread.Sleep(100);
            }
            return false;
        }
    }
}
