using System;
using System.Collections.Generic;
using System.Linq;
using System.Net.Http;
using System.Text;
using System.Threading.Tasks;
using Xunit;
using Xunit.Abstractions;

namespace Alonzo.Tests.ServiceModels
{
    /// <summary>Proves the validator accepts requests that match the official models and names what is wrong otherwise.</summary>
    public class ServiceModelValidatorTests
    {
        private readonly ITestOutputHelper _output;

        public ServiceModelValidatorTests(ITestOutputHelper output)
        {
            _output = output;
        }

        // ------------------------------------------------------------ Kinesis (json 1.1)

        private static CapturedRequest Kinesis(string operation, string body, string target = null) => CapturedRequest.Create(
            "POST", "https://kinesis.us-east-1.amazonaws.com/", body,
            ("X-Amz-Target", target ?? "Kinesis_20131202." + operation),
            ("Content-Type", "application/x-amz-json-1.1"));

        [Fact]
        public void Kinesis_CreateStream_valid_body_passes()
        {
            var validator = ServiceModelValidator.For("kinesis");
            var request = Kinesis("CreateStream", "{\"StreamName\":\"orders\",\"ShardCount\":2,\"StreamModeDetails\":{\"StreamMode\":\"PROVISIONED\"},\"Tags\":{\"team\":\"core\"}}");

            Assert.Empty(validator.Validate(request));
            Assert.Equal("CreateStream", validator.IdentifyOperation(request));
            validator.AssertValid("CreateStream", request);
        }

        [Theory]
        [InlineData("{\"ShardCount\":1}", "StreamName", "required")]
        [InlineData("{\"StreamName\":\"LONG\",\"ShardCount\":1}", "StreamName", "above the max 128")]
        [InlineData("{\"StreamName\":\"bad name!\",\"ShardCount\":1}", "StreamName", "pattern")]
        [InlineData("{\"StreamName\":\"orders\",\"ShardCount\":\"1\"}", "ShardCount", "JSON number")]
        [InlineData("{\"StreamName\":\"orders\",\"ShardCount\":0}", "ShardCount", "below the min 1")]
        [InlineData("{\"StreamName\":\"orders\",\"ShardCounts\":1}", "ShardCounts", "unknown member")]
        [InlineData("{\"StreamName\":\"orders\",\"StreamModeDetails\":{\"StreamMode\":\"FAST\"}}", "StreamModeDetails.StreamMode", "enum")]
        [InlineData("{\"StreamName\":null}", "StreamName", "null")]
        [InlineData("[]", "body", "JSON object")]
        [InlineData("", "body", "empty")]
        public void Kinesis_CreateStream_problems_name_the_member(string body, string member, string fragment)
        {
            body = body.Replace("LONG", new string('a', 129));
            var problems = ServiceModelValidator.For("kinesis").Validate("CreateStream", Kinesis("CreateStream", body));

            AssertProblem(problems, member, fragment);
        }

        [Fact]
        public void Kinesis_wrong_target_header_fails()
        {
            var validator = ServiceModelValidator.For("kinesis");
            var request = Kinesis("CreateStream", "{\"StreamName\":\"orders\"}", target: "Kinesis_20131202.CreateStreams");

            AssertProblem(validator.Validate("CreateStream", request), "X-Amz-Target", "expected 'Kinesis_20131202.CreateStream'");
            Assert.NotEmpty(validator.Validate(request)); // Cannot be routed at all.
        }

        [Fact]
        public void Kinesis_wrong_content_type_and_method_fail()
        {
            var request = Kinesis("CreateStream", "{\"StreamName\":\"orders\"}");
            request.Headers["Content-Type"] = "application/json";
            request.Method = "PUT";

            var problems = ServiceModelValidator.For("kinesis").Validate("CreateStream", request);

            AssertProblem(problems, "Content-Type", "application/x-amz-json-1.1");
            AssertProblem(problems, "method", "POST");
        }

        [Fact]
        public void Kinesis_PutRecord_blob_must_be_base64()
        {
            var validator = ServiceModelValidator.For("kinesis");
            var data = Convert.ToBase64String(Encoding.UTF8.GetBytes("hello"));

            Assert.Empty(validator.Validate(Kinesis("PutRecord", $"{{\"StreamName\":\"s\",\"Data\":\"{data}\",\"PartitionKey\":\"k\"}}")));
            AssertProblem(validator.Validate(Kinesis("PutRecord", "{\"StreamName\":\"s\",\"Data\":\"not base64!\",\"PartitionKey\":\"k\"}")), "Data", "base64");
        }

        [Fact]
        public void AssertValid_throws_an_xunit_exception_listing_every_problem()
        {
            var request = Kinesis("CreateStream", "{\"ShardCount\":\"x\",\"Extra\":true}");

            var e = Assert.Throws<ServiceModelValidationException>(() => ServiceModelValidator.For("kinesis").AssertValid(request));

            Assert.IsAssignableFrom<Xunit.Sdk.XunitException>(e);
            Assert.Equal(3, e.Problems.Count);
            Assert.Contains("StreamName", e.Message);
            Assert.Contains("ShardCount", e.Message);
            Assert.Contains("Extra", e.Message);
        }

        // ------------------------------------------------------------ Lambda (rest-json)

        private const string LambdaHost = "https://lambda.us-east-1.amazonaws.com";

        private static string CreateFunctionBody(int memorySize) =>
            "{\"FunctionName\":\"my-function\",\"Runtime\":\"python3.12\",\"Role\":\"arn:aws:iam::123456789012:role/lambda-role\"," +
            "\"Handler\":\"app.handler\",\"Code\":{\"ZipFile\":\"UEsDBA==\"},\"MemorySize\":" + memorySize + ",\"Timeout\":30," +
            "\"Environment\":{\"Variables\":{\"STAGE\":\"prod\"}},\"Architectures\":[\"arm64\"],\"Publish\":true}";

        private static CapturedRequest Lambda(string method, string pathAndQuery, string body = null) => body == null
            ? CapturedRequest.Create(method, LambdaHost + pathAndQuery)
            : CapturedRequest.Create(method, LambdaHost + pathAndQuery, body, ("Content-Type", "application/json"));

        [Fact]
        public void Lambda_CreateFunction_valid_body_passes()
        {
            var validator = ServiceModelValidator.For("lambda");
            var request = Lambda("POST", "/2015-03-31/functions", CreateFunctionBody(256));

            Assert.Equal("CreateFunction", validator.IdentifyOperation(request));
            Assert.Empty(validator.Validate(request));
        }

        [Fact]
        public void Lambda_CreateFunction_memory_below_model_min_fails()
        {
            var problems = ServiceModelValidator.For("lambda").Validate(Lambda("POST", "/2015-03-31/functions", CreateFunctionBody(64)));

            AssertProblem(problems, "MemorySize", "below the min 128");
        }

        [Fact]
        public void Lambda_CreateFunction_missing_required_and_bad_list_fail()
        {
            var body = "{\"FunctionName\":\"f\",\"Code\":{},\"Architectures\":[\"arm64\",\"x86_64\"]}";

            var problems = ServiceModelValidator.For("lambda").Validate("CreateFunction", Lambda("POST", "/2015-03-31/functions", body));

            AssertProblem(problems, "Role", "required");
            AssertProblem(problems, "Architectures", "above the max 1");
        }

        [Fact]
        public void Lambda_GetFunction_with_name_in_path_and_qualifier_query_passes()
        {
            var validator = ServiceModelValidator.For("lambda");
            var request = Lambda("GET", "/2015-03-31/functions/my-function?Qualifier=live");

            Assert.Equal("GetFunction", validator.IdentifyOperation(request));
            Assert.Empty(validator.Validate(request));
            // An ARN with escaped colons is decoded before its pattern is checked.
            Assert.Empty(validator.Validate(Lambda("GET", "/2015-03-31/functions/arn%3Aaws%3Alambda%3Aus-east-1%3A123456789012%3Afunction%3Amy-function")));
        }

        [Fact]
        public void Lambda_GetFunction_bad_query_path_and_body_fail()
        {
            var validator = ServiceModelValidator.For("lambda");

            AssertProblem(validator.Validate("GetFunction", Lambda("GET", "/2015-03-31/functions/my-function?Version=1")), "Version", "not a querystring member");
            AssertProblem(validator.Validate("GetFunction", Lambda("GET", "/2015-03-31/functions/my-function?Qualifier=bad%20one")), "Qualifier", "pattern");
            AssertProblem(validator.Validate("GetFunction", Lambda("GET", "/2015-03-31/function/my-function")), "path", "does not match");
            AssertProblem(validator.Validate("GetFunction", Lambda("GET", "/2015-03-31/functions/my-function", "{\"FunctionName\":\"x\"}")), "FunctionName", "uri");
        }

        [Fact]
        public void Lambda_query_template_literals_and_integer_querystring_are_checked()
        {
            var validator = ServiceModelValidator.For("lambda");

            Assert.Empty(validator.Validate(Lambda("GET", "/2015-03-31/functions?MaxItems=50&Marker=abc")));
            AssertProblem(validator.Validate("ListFunctions", Lambda("GET", "/2015-03-31/functions?MaxItems=many")), "MaxItems", "not a valid integer");
            Assert.Equal("GetLayerVersionByArn", validator.IdentifyOperation(Lambda("GET", "/2018-10-31/layers?find=LayerVersion&Arn=x")));
            AssertProblem(validator.Validate("GetLayerVersionByArn", Lambda("GET", "/2018-10-31/layers?Arn=arn%3Aaws%3Alambda%3Aus-east-1%3A123456789012%3Alayer%3Al%3A1")), "query", "find=LayerVersion");
        }

        [Fact]
        public void Lambda_Invoke_raw_payload_and_header_members_are_checked()
        {
            var validator = ServiceModelValidator.For("lambda");
            var request = CapturedRequest.Create("POST", LambdaHost + "/2015-03-31/functions/my-function/invocations", "{\"any\":\"json\"}",
                ("X-Amz-Invocation-Type", "Event"), ("X-Amz-Log-Type", "Tail"));

            Assert.Equal("Invoke", validator.IdentifyOperation(request));
            Assert.Empty(validator.Validate(request));

            request.Headers["X-Amz-Invocation-Type"] = "Later";
            AssertProblem(validator.Validate(request), "InvocationType", "enum");
        }

        [Fact]
        public async Task Recording_handler_captures_what_HttpClient_sent()
        {
            var handler = new RecordingHttpHandler();
            using (var client = new HttpClient(handler))
            {
                var content = new StringContent("{\"StreamName\":\"orders\",\"ShardCount\":1}", Encoding.UTF8);
                content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/x-amz-json-1.1");
                var message = new HttpRequestMessage(HttpMethod.Post, "https://kinesis.us-east-1.amazonaws.com/") { Content = content };
                message.Headers.TryAddWithoutValidation("X-Amz-Target", "Kinesis_20131202.CreateStream");
                (await client.SendAsync(message)).Dispose();
            }

            Assert.Single(handler.Requests);
            ServiceModelValidator.For("kinesis").AssertValid("CreateStream", handler.Last);
        }

        // ------------------------------------------------------------ IAM (query)

        private static CapturedRequest Iam(string form) => CapturedRequest.Create(
            "POST", "https://iam.amazonaws.com/", form, ("Content-Type", "application/x-www-form-urlencoded; charset=utf-8"));

        private const string TrustPolicy = "%7B%22Version%22%3A%222012-10-17%22%2C%22Statement%22%3A%5B%5D%7D";

        [Fact]
        public void Iam_CreateRole_form_passes()
        {
            var validator = ServiceModelValidator.For("iam");
            var request = Iam("Action=CreateRole&Version=2010-05-08&RoleName=app-role&Path=%2Fservice%2F" +
                "&AssumeRolePolicyDocument=" + TrustPolicy + "&MaxSessionDuration=3600" +
                "&Tags.member.1.Key=team&Tags.member.1.Value=core&Tags.member.2.Key=env&Tags.member.2.Value=prod");

            Assert.Equal("CreateRole", validator.IdentifyOperation(request));
            Assert.Empty(validator.Validate(request));
        }

        [Fact]
        public void Iam_CreateRole_missing_policy_document_fails()
        {
            var problems = ServiceModelValidator.For("iam").Validate(Iam("Action=CreateRole&Version=2010-05-08&RoleName=app-role"));

            AssertProblem(problems, "AssumeRolePolicyDocument", "required");
        }

        [Theory]
        [InlineData("&Tags.member.1.Key=team", "Tags.member.1.Value", "required")]
        [InlineData("&Tags.member.2.Key=a&Tags.member.2.Value=b", "Tags.member", "gaps")]
        [InlineData("&Tags.1.Key=a&Tags.1.Value=b", "Tags.1", "unexpected key")]
        [InlineData("&MaxSessionDuration=60", "MaxSessionDuration", "below the min 3600")]
        [InlineData("&Colour=red", "Colour", "unknown member")]
        [InlineData("&RoleName.member.1=x", "RoleName", "sub-keys")]
        public void Iam_CreateRole_flattened_keys_are_decoded_against_the_shape(string extra, string member, string fragment)
        {
            var form = "Action=CreateRole&Version=2010-05-08&AssumeRolePolicyDocument=" + TrustPolicy + extra;
            if (!extra.StartsWith("&RoleName", StringComparison.Ordinal))
            {
                form += "&RoleName=app-role";
            }

            AssertProblem(ServiceModelValidator.For("iam").Validate("CreateRole", Iam(form)), member, fragment);
        }

        [Fact]
        public void Iam_wrong_version_and_action_fail()
        {
            var problems = ServiceModelValidator.For("iam").Validate("CreateRole",
                Iam("Action=CreateRoles&Version=2011-01-01&RoleName=r&AssumeRolePolicyDocument=" + TrustPolicy));

            AssertProblem(problems, "Action", "expected 'CreateRole'");
            AssertProblem(problems, "Version", "expected '2010-05-08'");
        }

        [Fact]
        public void Iam_list_of_strings_uses_member_keys()
        {
            var validator = ServiceModelValidator.For("iam");
            const string thumbprint = "0123456789012345678901234567890123456789";

            Assert.Empty(validator.Validate(Iam("Action=CreateOpenIDConnectProvider&Version=2010-05-08&Url=https%3A%2F%2Fidp.example.com" +
                "&ClientIDList.member.1=app&ThumbprintList.member.1=" + thumbprint)));
            AssertProblem(validator.Validate(Iam("Action=CreateOpenIDConnectProvider&Version=2010-05-08&Url=https%3A%2F%2Fidp.example.com" +
                "&ThumbprintList.member.1=short")), "ThumbprintList.member.1", "below the min 40");
        }

        // ------------------------------------------------------------ CloudWatch Logs (json 1.1)

        private static CapturedRequest Logs(string operation, string body) => CapturedRequest.Create(
            "POST", "https://logs.us-east-1.amazonaws.com/", body,
            ("X-Amz-Target", "Logs_20140328." + operation), ("Content-Type", "application/x-amz-json-1.1"));

        [Fact]
        public void Logs_FilterLogEvents_body_passes()
        {
            var validator = ServiceModelValidator.For("logs");
            var request = Logs("FilterLogEvents",
                "{\"logGroupName\":\"/aws/lambda/my-function\",\"logStreamNames\":[\"2024/01/01/[$LATEST]abc\"],\"startTime\":1700000000000," +
                "\"endTime\":1700000600000,\"filterPattern\":\"ERROR\",\"limit\":100,\"interleaved\":true}");

            Assert.Equal("FilterLogEvents", validator.IdentifyOperation(request));
            Assert.Empty(validator.Validate(request));
        }

        [Fact]
        public void Logs_FilterLogEvents_problems_are_found()
        {
            var problems = ServiceModelValidator.For("logs").Validate(Logs("FilterLogEvents",
                "{\"logGroupName\":\"bad group name\",\"logStreamNames\":[],\"startTime\":1.5,\"limit\":10001,\"interleaved\":\"yes\"}"));

            AssertProblem(problems, "logGroupName", "pattern");
            AssertProblem(problems, "logStreamNames", "below the min 1");
            AssertProblem(problems, "startTime", "whole number");
            AssertProblem(problems, "limit", "above the max 10000");
            AssertProblem(problems, "interleaved", "true or false");
        }

        [Fact]
        public void Logs_PutLogEvents_nested_list_of_structures_is_checked()
        {
            var validator = ServiceModelValidator.For("logs");

            Assert.Empty(validator.Validate(Logs("PutLogEvents",
                "{\"logGroupName\":\"g\",\"logStreamName\":\"s\",\"logEvents\":[{\"timestamp\":1700000000000,\"message\":\"hi\"}]}")));
            AssertProblem(validator.Validate(Logs("PutLogEvents",
                "{\"logGroupName\":\"g\",\"logStreamName\":\"s\",\"logEvents\":[{\"timestamp\":1700000000000}]}")), "logEvents[0].message", "required");
        }

        // ------------------------------------------------------------ models themselves

        [Theory]
        [InlineData("kinesis", "json", "Kinesis_20131202", "1.1", "kinesis", "2013-12-02")]
        [InlineData("lambda", "rest-json", null, null, "lambda", "2015-03-31")]
        [InlineData("iam", "query", null, null, "iam", "2010-05-08")]
        [InlineData("logs", "json", "Logs_20140328", "1.1", "logs", "2014-03-28")]
        public void Catalog_loads_the_pinned_models(string service, string protocol, string targetPrefix, string jsonVersion, string signingName, string apiVersion)
        {
            var model = ServiceModelCatalog.Get(service);

            Assert.Same(model, ServiceModelCatalog.Get(service.ToUpperInvariant()));
            Assert.Equal(protocol, model.Metadata.Protocol);
            Assert.Equal(targetPrefix, model.Metadata.TargetPrefix);
            Assert.Equal(jsonVersion, model.Metadata.JsonVersion);
            Assert.Equal(signingName, model.Metadata.SigningName);
            Assert.Equal(apiVersion, model.Metadata.ApiVersion);
            Assert.NotEmpty(model.Operations);
        }

        [Fact]
        public void Operations_expose_http_binding_and_shapes()
        {
            var op = ServiceModelCatalog.Get("lambda").GetOperation("GetFunction");

            Assert.Equal("GET", op.HttpMethod);
            Assert.Equal("/2015-03-31/functions/{FunctionName}", op.RequestUri);
            Assert.Equal("GetFunctionRequest", op.InputShapeName);
            Assert.Equal("GetFunctionResponse", op.OutputShapeName);
            Assert.Contains("ResourceNotFoundException", op.Errors);
            Assert.Equal("uri", ServiceModelCatalog.Get("lambda").GetShape(op.InputShapeName).Members["FunctionName"].Location);
        }

        [Fact]
        public void Every_operation_input_shape_resolves_in_all_four_models()
        {
            var checkedShapes = 0;
            foreach (var service in ServiceModelCatalog.KnownServices)
            {
                var model = ServiceModelCatalog.Get(service);
                foreach (var op in model.Operations.Values.Where(o => o.InputShapeName != null))
                {
                    // Throws KeyNotFoundException naming the dangling shape, if any.
                    checkedShapes += model.ResolveClosure(op.InputShapeName).Count;
                }
            }
            Assert.True(checkedShapes > 0);
        }

        [Fact]
        public void Every_pattern_in_the_four_models_compiles()
        {
            // A pattern .NET cannot compile is skipped by the validator, so members using it go unchecked:
            // any such pattern in the models Alonzo is validated against must fail here and be looked at.
            var uncompilable = new List<string>();
            var compiled = 0;
            foreach (var service in ServiceModelCatalog.KnownServices)
            {
                foreach (var shape in ServiceModelCatalog.Get(service).Shapes.Values.Where(s => s.Pattern != null))
                {
                    if (ServiceModelValidator.CompilePattern(shape.Pattern) == null)
                        uncompilable.Add($"{service} {shape.Name}: {shape.Pattern} ({ServiceModelValidator.SkippedPatterns[shape.Pattern]})");
                    else
                        compiled++;
                }
            }
            Assert.True(uncompilable.Count == 0, "Patterns the validator would skip:\n  " + string.Join("\n  ", uncompilable));
            Assert.True(compiled > 20, $"only {compiled} patterns in the four models");
        }

        [Fact]
        public void A_pattern_dotnet_cannot_compile_is_skipped_not_failed()
        {
            // \p{Alpha} is a Java POSIX class that .NET does not know.
            var model = ServiceModel.Parse(@"{
                ""metadata"": { ""protocol"": ""json"", ""apiVersion"": ""2020-01-01"", ""targetPrefix"": ""T"", ""jsonVersion"": ""1.0"", ""endpointPrefix"": ""t"" },
                ""operations"": { ""Op"": { ""name"": ""Op"", ""http"": { ""method"": ""POST"", ""requestUri"": ""/"" }, ""input"": { ""shape"": ""In"" } } },
                ""shapes"": {
                    ""In"": { ""type"": ""structure"", ""members"": { ""Name"": { ""shape"": ""Name"" } } },
                    ""Name"": { ""type"": ""string"", ""pattern"": ""\\p{Alpha}+"" }
                }
            }");
            var request = CapturedRequest.Create("POST", "https://t.example/", "{\"Name\":\"123 !\"}",
                ("X-Amz-Target", "T.Op"), ("Content-Type", "application/x-amz-json-1.0"));

            Assert.Empty(new ServiceModelValidator(model).Validate(request));
            Assert.Contains(@"\p{Alpha}+", ServiceModelValidator.SkippedPatterns.Keys);
            Assert.Equal("t", model.Metadata.SigningName);
        }

        private static void AssertProblem(IReadOnlyList<string> problems, string member, string fragment)
        {
            Assert.True(
                problems.Any(p => p.StartsWith(member, StringComparison.Ordinal) && p.Contains(fragment, StringComparison.Ordinal)),
                $"Expected a problem for '{member}' containing '{fragment}'; got:\n  " + (problems.Count == 0 ? "(none)" : string.Join("\n  ", problems)));
        }
    }
}
