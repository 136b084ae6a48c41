using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.RegularExpressions;
using System.Threading;
using System.Threading.Tasks;
using Alonzo.Json;
using Alonzo.Local;
using Xunit;

namespace Alonzo.Tests.Local
{
    /// <summary>Handlers run by the machine's Python and Node.js through the module's bootstraps.</summary>
    [Collection("Local")]
    public sealed class LocalFunctionTests : IDisposable
    {
        private const string PythonContext = @"import json, os, time

def handler(event, context):
    first = context.get_remaining_time_in_millis()
    time.sleep(0.2)
    second = context.get_remaining_time_in_millis()
    print('got', event['n'])
    return {
        'pid': os.getpid(), 'cwd': os.getcwd(), 'first': first, 'second': second,
        'request': context.aws_request_id, 'name': context.function_name, 'memory': context.memory_limit_in_mb,
        'version': context.function_version, 'arn': context.invoked_function_arn, 'group': context.log_group_name,
        'stream': context.log_stream_name, 'identity': [context.identity.cognito_identity_id, context.identity.cognito_identity_pool_id],
        'client_context': context.client_context, 'env': dict(os.environ), 'echo': event,
    }
";

        private const string NodeContext = @"exports.handler = async (event, context) => {
  const first = context.getRemainingTimeInMillis();
  await new Promise((r) => setTimeout(r, 200));
  const second = context.getRemainingTimeInMillis();
  console.log('got', event.n);
  return { pid: process.pid, cwd: process.cwd(), first, second, request: context.awsRequestId, name: context.functionName,
    memory: context.memoryLimitInMB, version: context.functionVersion, arn: context.invokedFunctionArn, group: context.logGroupName,
    stream: context.logStreamName, waits: context.callbackWaitsForEmptyEventLoop, env: process.env, echo: event };
};
";

        private readonly LocalHandlers _handlers = new LocalHandlers();

        public void Dispose() => _handlers.Dispose();

        private static async Task<(AlonzoInvocation First, AlonzoInvocation Second, LocalFunction Function)> TwiceAsync(LocalFunctionSettings settings)
        {
            var function = new LocalFunction(settings);
            var first = await function.InvokeAsync("{\"n\": 1, \"text\": \"ünï\"}", CancellationToken.None);
            var second = await function.InvokeAsync("{\"n\": 2}", CancellationToken.None);
            return (first, second, function);
        }

        private static IDictionary<string, object> Reply(AlonzoInvocation invocation)
        {
            Assert.True(invocation.Succeeded, invocation.PayloadText + "\n" + invocation.Log);
            return Assert.IsAssignableFrom<IDictionary<string, object>>(invocation.Payload);
        }

        [Theory]
        [InlineData("python3.11", "lambda_function.handler")]
        [InlineData("nodejs20.x", "index.handler")]
        public async Task The_handler_sees_Lambdas_context_environment_and_folder_and_a_warm_process_is_reused(string runtime, string handler)
        {
            string folder = runtime.StartsWith("python") ? _handlers.Folder("ctx", ("lambda_function.py", PythonContext)) : _handlers.Folder("ctx", ("index.js", NodeContext));
            var settings = LocalHandlers.Settings(folder, handler, runtime, timeout: 5, environment: new Dictionary<string, string> { ["TABLE"] = "orders" });
            var (first, second, function) = await TwiceAsync(settings);
            using (function)
            {
                var one = Reply(first);
                var two = Reply(second);
                Assert.Equal(one["pid"], two["pid"]);
                Assert.Equal(1, function.ColdStarts);
                Assert.Equal(System.IO.Path.GetFullPath(folder), System.IO.Path.GetFullPath((string)one["cwd"]));

                // The remaining-time clock is real: it starts near the timeout and runs down with the handler.
                long before = Convert.ToInt64(one["first"]), after = Convert.ToInt64(one["second"]);
                Assert.InRange(before, 4000, 5000);
                Assert.InRange(before - after, 150, 1500);

                Assert.Equal(first.RequestId, one["request"]);
                Assert.Equal("local-test", one["name"]);
                Assert.Equal("256", one["memory"]);
                Assert.Equal("$LATEST", one["version"]);
                Assert.Equal("arn:aws:lambda:eu-west-1:123456789012:function:local-test", one["arn"]);
                Assert.Equal("/aws/lambda/local-test", one["group"]);
                Assert.Matches(@"^\d{4}/\d{2}/\d{2}/\[\$LATEST\][0-9a-f]{32}$", (string)one["stream"]);
                Assert.Equal(one["stream"], two["stream"]);
                Assert.Equal(new Dictionary<string, object> { ["n"] = 1L, ["text"] = "ünï" }, one["echo"]);

                var env = Assert.IsAssignableFrom<IDictionary<string, object>>(one["env"]);
                Assert.Equal(handler, env["_HANDLER"]);
                Assert.Equal("eu-west-1", env["AWS_REGION"]);
                Assert.Equal("eu-west-1", env["AWS_DEFAULT_REGION"]);
                Assert.Equal("AWS_Lambda_" + runtime, env["AWS_EXECUTION_ENV"]);
                Assert.Equal("local-test", env["AWS_LAMBDA_FUNCTION_NAME"]);
                Assert.Equal("256", env["AWS_LAMBDA_FUNCTION_MEMORY_SIZE"]);
                Assert.Equal("$LATEST", env["AWS_LAMBDA_FUNCTION_VERSION"]);
                Assert.Equal("on-demand", env["AWS_LAMBDA_INITIALIZATION_TYPE"]);
                Assert.Equal("/aws/lambda/local-test", env["AWS_LAMBDA_LOG_GROUP_NAME"]);
                Assert.Equal(one["stream"], env["AWS_LAMBDA_LOG_STREAM_NAME"]);
                Assert.Equal(folder, env["LAMBDA_TASK_ROOT"]);
                Assert.Equal("en_US.UTF-8", env["LANG"]);
                Assert.Equal(":UTC", env["TZ"]);
                Assert.Equal("orders", env["TABLE"]);
                Assert.Matches("^Root=1-[0-9a-f]{8}-[0-9a-f]{24};Parent=[0-9a-f]{16};Sampled=0$", (string)env["_X_AMZN_TRACE_ID"]);
                // Nothing else of this process's environment leaks in, nor the bootstrap's channel.
                Assert.DoesNotContain(env.Keys, k => k.StartsWith("_ALONZO", StringComparison.Ordinal) || k == "HOME" || k.StartsWith("DOTNET", StringComparison.Ordinal));

                // START, END and REPORT with an init duration on the cold start only.
                Assert.Matches($"^INIT_START Runtime Version: (python|nodejs):[0-9.]+\nSTART RequestId: {first.RequestId} Version: \\$LATEST\n", first.Log);
                Assert.Matches(runtime.StartsWith("node") ? $"\n[0-9T:.Z-]+\t{first.RequestId}\tINFO\tgot 1\n" : "\ngot 1\n", first.Log);
                Assert.Matches($"END RequestId: {first.RequestId}\nREPORT RequestId: {first.RequestId}\tDuration: [0-9]+\\.[0-9]{{2}} ms\tBilled Duration: [0-9]+ ms\tMemory Size: 256 MB\tMax Memory Used: [0-9]+ MB\tInit Duration: [0-9]+\\.[0-9]{{2}} ms\t\n$", first.Log);
                Assert.StartsWith($"START RequestId: {second.RequestId}", second.Log);
                Assert.DoesNotContain("Init Duration", second.Log);
                Assert.True(first.Report.ColdStart);
                Assert.False(second.Report.ColdStart);
                Assert.InRange(first.Report.Duration, 190, 3000);
                Assert.Equal(Math.Ceiling(Math.Round(first.Report.Duration, 2) + first.Report.InitDuration.Value), first.Report.BilledDuration);
                Assert.Equal(Math.Ceiling(second.Report.Duration), second.Report.BilledDuration);
                Assert.Equal(256, first.Report.MemorySize);
                Assert.InRange(first.Report.MaxMemoryUsed, 5, 256);
                Assert.Equal(first.Log, first.LogTail);
                Assert.True(first.Local);
            }
        }
    }
}
