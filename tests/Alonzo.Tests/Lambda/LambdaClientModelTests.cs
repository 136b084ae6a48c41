using System;
using System.Collections.Generic;
using System.Linq;
using System.Net;
using System.Net.Http;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using Alonzo.Aws.Lambda;
using Alonzo.Functions;
using Alonzo.Tests.ServiceModels;
using Xunit;

namespace Alonzo.Tests.Lambda
{
    /// <summary>Every request the Lambda client can build, checked against the official lambda service model.</summary>
    public sealed class LambdaClientModelTests
    {
        private static readonly ServiceModelValidator Validator = ServiceModelValidator.For("lambda");
        private const string FunctionArn = "arn:aws:lambda:us-east-1:123456789012:function:alonzo";
        private const string StreamArn = "arn:aws:kinesis:us-east-1:123456789012:stream/alonzo";

        public static IEnumerable<object[]> Calls()
        {
            yield return Call("CreateFunction", c => c.CreateFunctionAsync(new CreateFunctionRequest
            {
                FunctionName = "alonzo", Runtime = "python3.12", Role = "arn:aws:iam::123456789012:role/alonzo_lambda",
                Handler = "lambda_function.lambda_handler", Code = new FunctionCode { ZipFile = new byte[] { 80, 75, 5, 6 } },
                Description = "d", Timeout = 30, MemorySize = 256, Publish = true, PackageType = "Zip",
                Environment = new EnvironmentSettings { Variables = new Dictionary<string, string> { ["TABLE"] = "t" } },
                Tags = new Dictionary<string, string> { ["team"] = "ops" }, Architectures = new List<string> { "arm64" },
                VpcConfig = new VpcConfig { SubnetIds = new List<string> { "subnet-0123456789abcdef0" }, SecurityGroupIds = new List<string> { "sg-0123456789abcdef0" } },
            }, default));
            yield return Call("GetFunction", c => c.GetFunctionAsync("alonzo", null, default));
            yield return Call("GetFunction", c => c.GetFunctionAsync(FunctionArn, "3", default));
            yield return Call("GetFunctionConfiguration", c => c.GetFunctionConfigurationAsync("alonzo", "live", default));
            yield return Call("UpdateFunctionCode", c => c.UpdateFunctionCodeAsync("alonzo", new UpdateFunctionCodeRequest { ZipFile = new byte[] { 1 }, Architectures = new List<string> { "x86_64" } }, default));
            yield return Call("UpdateFunctionConfiguration", c => c.UpdateFunctionConfigurationAsync("alonzo", new UpdateFunctionConfigurationRequest { MemorySize = 512, Timeout = 900, Handler = "a.b", Runtime = "nodejs20.x", Role = "arn:aws:iam::123456789012:role/x", Environment = new EnvironmentSettings { Variables = new Dictionary<string, string>() } }, default));
            yield return Call("UpdateFunctionConfiguration", c => c.UpdateFunctionConfigurationAsync("alonzo", new UpdateFunctionConfigurationRequest { VpcConfig = new VpcConfig { SubnetIds = new List<string>(), SecurityGroupIds = new List<string>() } }, default));
            yield return Call("DeleteFunction", c => c.DeleteFunctionAsync("alonzo", null, default));
            yield return Call("ListFunctions", c => c.ListFunctionsAsync(null, null, default));
            yield return Call("ListFunctions", c => c.ListFunctionsAsync("marker+with/odd=chars", 50, default));
            yield return Call("PublishVersion", c => c.PublishVersionAsync("alonzo", new PublishVersionRequest { CodeSha256 = "abc=" }, default));
            yield return Call("TagResource", c => c.TagResourceAsync(FunctionArn, new TagResourceRequest { Tags = new Dictionary<string, string> { ["a"] = "b" } }, default));
            yield return Call("ListTags", c => c.ListTagsAsync(FunctionArn, default));
            yield return Call("Invoke", c => c.InvokeAsync(new InvokeRequest { FunctionName = "alonzo", InvocationType = "RequestResponse", LogType = "Tail", Payload = Encoding.UTF8.GetBytes("{\"a\":1}") }, default));
            yield return Call("Invoke", c => c.InvokeAsync(new InvokeRequest { FunctionName = "alonzo", InvocationType = "Event", Qualifier = "2" }, default));
            yield return Call("CreateEventSourceMapping", c => c.CreateEventSourceMappingAsync(new CreateEventSourceMappingRequest
            {
                EventSourceArn = StreamArn, FunctionName = "alonzo", Enabled = true, BatchSize = 100, MaximumBatchingWindowInSeconds = 5,
                ParallelizationFactor = 2, StartingPosition = "AT_TIMESTAMP", StartingPositionTimestamp = new DateTime(2026, 1, 1, 0, 0, 0, DateTimeKind.Utc),
                DestinationConfig = new DestinationConfig { OnFailure = new OnFailureDestination { Destination = "arn:aws:sqs:us-east-1:123456789012:dlq" } },
                MaximumRecordAgeInSeconds = 3600, BisectBatchOnFunctionError = true, MaximumRetryAttempts = 3,
            }, default));
            yield return Call("GetEventSourceMapping", c => c.GetEventSourceMappingAsync("a1b2c3d4-5678-90ab-cdef-11111EXAMPLE", default));
            yield return Call("ListEventSourceMappings", c => c.ListEventSourceMappingsAsync(StreamArn, "alonzo", null, null, default));
            yield return Call("ListEventSourceMappings", c => c.ListEventSourceMappingsAsync(null, null, "m", 100, default));
            yield return Call("UpdateEventSourceMapping", c => c.UpdateEventSourceMappingAsync("a1b2c3d4-5678-90ab-cdef-11111EXAMPLE", new UpdateEventSourceMappingRequest { Enabled = false, BatchSize = 500 }, default));
            yield return Call("DeleteEventSourceMapping", c => c.DeleteEventSourceMappingAsync("a1b2c3d4-5678-90ab-cdef-11111EXAMPLE", default));
        }

        private static object[] Call(string operation, Func<ILambdaClient, Task> call) => ClientCall<ILambdaClient>.Case(operation, call);


        [Theory]
        [MemberData(nameof(Calls))]
        public async Task Request_matches_the_service_model(string operation, ClientCall<ILambdaClient> invocation)
        {
            var handler = new RecordingHttpHandler();
            await invocation.Call(TestSessions.Context(handler).Lambda);
            var request = Assert.Single(handler.Requests);
            Assert.Equal(operation, Validator.IdentifyOperation(request));
            Validator.AssertValid(operation, request);
            Assert.Contains("/us-east-1/lambda/aws4_request", request.Headers["Authorization"]);
        }

        [Fact]
        public void Every_client_method_is_covered()
        {
            ClientCall<ILambdaClient>.AssertEveryMethodCovered(Calls());
        }

        [Fact]
        public async Task Invoke_returns_payload_and_headers()
        {
            var handler = new RecordingHttpHandler(_ =>
            {
                var reply = new HttpResponseMessage(HttpStatusCode.OK) { Content = new ByteArrayContent(Encoding.UTF8.GetBytes("{\"ok\":true}")) };
                reply.Headers.Add("X-Amz-Function-Error", "Unhandled");
                reply.Headers.Add("X-Amz-Log-Result", Convert.ToBase64String(Encoding.UTF8.GetBytes("log")));
                reply.Headers.Add("X-Amz-Executed-Version", "$LATEST");
                return reply;
            });
            var result = await TestSessions.Context(handler).Lambda.InvokeAsync(new InvokeRequest { FunctionName = "f", Payload = new byte[] { 123, 125 } }, CancellationToken.None);
            Assert.Equal(200, result.StatusCode);
            Assert.Equal("Unhandled", result.FunctionError);
            Assert.Equal("$LATEST", result.ExecutedVersion);
            Assert.Equal("{\"ok\":true}", Encoding.UTF8.GetString(result.Payload));
            Assert.Equal("{}", handler.Last.BodyText);
        }

        [Fact]
        public void Function_rules_match_the_model()
        {
            var model = ServiceModelCatalog.Get("lambda");
            Assert.Equal(model.GetShape("Runtime").EnumValues.OrderBy(r => r), FunctionRules.Runtimes.OrderBy(r => r));
            Assert.Equal(FunctionRules.MemoryMin, (int)model.GetShape("MemorySize").Min);
            Assert.Equal(FunctionRules.MemoryMax, (int)model.GetShape("MemorySize").Max);
            Assert.Equal(FunctionRules.TimeoutMin, (int)model.GetShape("Timeout").Min);
            Assert.Equal(FunctionRules.HandlerMax, (int)model.GetShape("Handler").Max);
            Assert.Equal(FunctionRules.DescriptionMax, (int)model.GetShape("Description").Max);
            Assert.Equal(FunctionRules.Architectures.OrderBy(a => a), model.GetShape("Architecture").EnumValues.OrderBy(a => a));
        }

        [Fact]
        public void Vpc_limits_and_fields_match_the_model()
        {
            var model = ServiceModelCatalog.Get("lambda");
            Assert.Equal(Alonzo.Network.FunctionVpcSpec.MaxSubnets, (int)model.GetShape("SubnetIds").Max);
            Assert.Equal(Alonzo.Network.FunctionVpcSpec.MaxSecurityGroups, (int)model.GetShape("SecurityGroupIds").Max);
            Assert.Equal(new[] { "SecurityGroupIds", "SubnetIds" }, typeof(VpcConfig).GetProperties().Select(p => p.Name).OrderBy(n => n, StringComparer.Ordinal));
            foreach (var member in typeof(VpcConfig).GetProperties().Select(p => p.Name))
                Assert.Contains(member, model.GetShape("VpcConfig").Members.Keys);
            foreach (var member in typeof(VpcConfigResponse).GetProperties().Select(p => p.Name))
                Assert.Contains(member, model.GetShape("VpcConfigResponse").Members.Keys);
            Assert.Equal("VpcConfig", model.GetShape("CreateFunctionRequest").Members["VpcConfig"].ShapeName);
            Assert.Equal("VpcConfig", model.GetShape("UpdateFunctionConfigurationRequest").Members["VpcConfig"].ShapeName);
            Assert.Equal("VpcConfigResponse", model.GetShape("FunctionConfiguration").Members["VpcConfig"].ShapeName);
        }
    }
}
