using System;
using System.Threading;
using System.Threading.Tasks;
using Alonzo.Aws.Runtime;

namespace Alonzo.Aws.Lambda
{
    /// <summary>Lambda over restJson1; paths and locations as in the lambda 2015-03-31 model.</summary>
    public sealed class LambdaClient : RestJsonClient, ILambdaClient
    {
        private const string Functions = "/2015-03-31/functions";
        private const string Mappings = "/2015-03-31/event-source-mappings";

        public LambdaClient(AwsTransport transport) : base(transport)
        {
        }

        public Task<FunctionConfiguration> CreateFunctionAsync(CreateFunctionRequest request, CancellationToken cancellationToken) =>
            InvokeAsync<FunctionConfiguration>(new RestCall("CreateFunction", "POST", Functions, true) { Body = request }, cancellationToken);

        public Task<GetFunctionResponse> GetFunctionAsync(string functionName, string qualifier, CancellationToken cancellationToken) =>
            InvokeAsync<GetFunctionResponse>(new RestCall("GetFunction", "GET", Functions + "/{FunctionName}", false)
                .Path("FunctionName", functionName).QueryIf("Qualifier", qualifier), cancellationToken);

        public Task<FunctionConfiguration> GetFunctionConfigurationAsync(string functionName, string qualifier, CancellationToken cancellationToken) =>
            InvokeAsync<FunctionConfiguration>(new RestCall("GetFunctionConfiguration", "GET", Functions + "/{FunctionName}/configuration", false)
                .Path("FunctionName", functionName).QueryIf("Qualifier", qualifier), cancellationToken);

        public Task<FunctionConfiguration> UpdateFunctionCodeAsync(string functionName, UpdateFunctionCodeRequest request, CancellationToken cancellationToken) =>
            InvokeAsync<FunctionConfiguration>(new RestCall("UpdateFunctionCode", "PUT", Functions + "/{FunctionName}/code", true) { Body = request }
                .Path("FunctionName", functionName), cancellationToken);

        public Task<FunctionConfiguration> UpdateFunctionConfigurationAsync(string functionName, UpdateFunctionConfigurationRequest request, CancellationToken cancellationToken) =>
            InvokeAsync<FunctionConfiguration>(new RestCall("UpdateFunctionConfiguration", "PUT", Functions + "/{FunctionName}/configuration", true) { Body = request }
                .Path("FunctionName", functionName), cancellationToken);

        public Task DeleteFunctionAsync(string functionName, string qualifier, CancellationToken cancellationToken) =>
            SendAsync(new RestCall("DeleteFunction", "DELETE", Functions + "/{FunctionName}", true)
                .Path("FunctionName", functionName).QueryIf("Qualifier", qualifier), cancellationToken);

        public Task<ListFunctionsResponse> ListFunctionsAsync(string marker, int? maxItems, CancellationToken cancellationToken) =>
            InvokeAsync<ListFunctionsResponse>(new RestCall("ListFunctions", "GET", Functions, false)
                .QueryIf("Marker", marker).QueryIf("MaxItems", maxItems), cancellationToken);

        public Task<FunctionConfiguration> PublishVersionAsync(string functionName, PublishVersionRequest request, CancellationToken cancellationToken) =>
            InvokeAsync<FunctionConfiguration>(new RestCall("PublishVersion", "POST", Functions + "/{FunctionName}/versions", true) { Body = request }
                .Path("FunctionName", functionName), cancellationToken);

        public Task TagResourceAsync(string resourceArn, TagResourceRequest request, CancellationToken cancellationToken) =>
            SendAsync(new RestCall("TagResource", "POST", "/2017-03-31/tags/{Resource}", true) { Body = request }
                .Path("Resource", resourceArn), cancellationToken);

        public Task<ListTagsResponse> ListTagsAsync(string resourceArn, CancellationToken cancellationToken) =>
            InvokeAsync<ListTagsResponse>(new RestCall("ListTags", "GET", "/2017-03-31/tags/{Resource}", false)
                .Path("Resource", resourceArn), cancellationToken);

        public async Task<InvokeResponse> InvokeAsync(InvokeRequest request, CancellationToken cancellationToken)
        {
            // Invoke's payload is the raw body in both directions; its other outputs are headers.
            // A function may run for up to 15 minutes, and running it twice is not harmless: the attempt
            // waits that long, and nothing that may have reached Lambda is retried.
            var call = new RestCall("Invoke", "POST", Functions + "/{FunctionName}/invocations", true)
                {
                    RawBody = request.Payload ?? new byte[0],
                    IsIdempotent = false,
                    AttemptTimeout = TimeSpan.FromMinutes(16),
                }
                .Path("FunctionName", request.FunctionName)
                .QueryIf("Qualifier", request.Qualifier)
                .HeaderIf("X-Amz-Invocation-Type", request.InvocationType)
                .HeaderIf("X-Amz-Log-Type", request.LogType);
            var response = await SendAsync(call, cancellationToken).ConfigureAwait(false);
            return new InvokeResponse
            {
                StatusCode = (int)response.StatusCode,
                FunctionError = response.GetHeader("X-Amz-Function-Error"),
                LogResult = response.GetHeader("X-Amz-Log-Result"),
                ExecutedVersion = response.GetHeader("X-Amz-Executed-Version"),
                Payload = response.Body,
            };
        }

        public Task<EventSourceMappingConfiguration> CreateEventSourceMappingAsync(CreateEventSourceMappingRequest request, CancellationToken cancellationToken) =>
            InvokeAsync<EventSourceMappingConfiguration>(new RestCall("CreateEventSourceMapping", "POST", Mappings, true) { Body = request }, cancellationToken);

        public Task<EventSourceMappingConfiguration> GetEventSourceMappingAsync(string uuid, CancellationToken cancellationToken) =>
            InvokeAsync<EventSourceMappingConfiguration>(new RestCall("GetEventSourceMapping", "GET", Mappings + "/{UUID}", false)
                .Path("UUID", uuid), cancellationToken);

        public Task<ListEventSourceMappingsResponse> ListEventSourceMappingsAsync(string eventSourceArn, string functionName, string marker, int? maxItems, CancellationToken cancellationToken) =>
            InvokeAsync<ListEventSourceMappingsResponse>(new RestCall("ListEventSourceMappings", "GET", Mappings, false)
                .QueryIf("EventSourceArn", eventSourceArn).QueryIf("FunctionName", functionName)
                .QueryIf("Marker", marker).QueryIf("MaxItems", maxItems), cancellationToken);

        public Task<EventSourceMappingConfiguration> UpdateEventSourceMappingAsync(string uuid, UpdateEventSourceMappingRequest request, CancellationToken cancellationToken) =>
            InvokeAsync<EventSourceMappingConfiguration>(new RestCall("UpdateEventSourceMapping", "PUT", Mappings + "/{UUID}", true) { Body = request }
                .Path("UUID", uuid), cancellationToken);

        public Task<EventSourceMappingConfiguration> DeleteEventSourceMappingAsync(string uuid, CancellationToken cancellationToken) =>
            InvokeAsync<EventSourceMappingConfiguration>(new RestCall("DeleteEventSourceMapping", "DELETE", Mappings + "/{UUID}", true)
                .Path("UUID", uuid), cancellationToken);
    }
}
