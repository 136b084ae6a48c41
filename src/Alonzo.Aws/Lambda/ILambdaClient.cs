using System.Threading;
using System.Threading.Tasks;

namespace Alonzo.Aws.Lambda
{
    /// <summary>The Lambda operations Alonzo uses. An AWSSDK.Lambda adapter could implement this later.</summary>
    public interface ILambdaClient
    {
        Task<FunctionConfiguration> CreateFunctionAsync(CreateFunctionRequest request, CancellationToken cancellationToken);
        Task<GetFunctionResponse> GetFunctionAsync(string functionName, string qualifier, CancellationToken cancellationToken);
        Task<FunctionConfiguration> GetFunctionConfigurationAsync(string functionName, string qualifier, CancellationToken cancellationToken);
        Task<FunctionConfiguration> UpdateFunctionCodeAsync(string functionName, UpdateFunctionCodeRequest request, CancellationToken cancellationToken);
        Task<FunctionConfiguration> UpdateFunctionConfigurationAsync(string functionName, UpdateFunctionConfigurationRequest request, CancellationToken cancellationToken);
        Task DeleteFunctionAsync(string functionName, string qualifier, CancellationToken cancellationToken);
        Task<ListFunctionsResponse> ListFunctionsAsync(string marker, int? maxItems, CancellationToken cancellationToken);
        Task<FunctionConfiguration> PublishVersionAsync(string functionName, PublishVersionRequest request, CancellationToken cancellationToken);
        Task TagResourceAsync(string resourceArn, TagResourceRequest request, CancellationToken cancellationToken);
        Task<ListTagsResponse> ListTagsAsync(string resourceArn, CancellationToken cancellationToken);
        Task<InvokeResponse> InvokeAsync(InvokeRequest request, CancellationToken cancellationToken);
        Task<EventSourceMappingConfiguration> CreateEventSourceMappingAsync(CreateEventSourceMappingRequest request, CancellationToken cancellationToken);
        Task<EventSourceMappingConfiguration> GetEventSourceMappingAsync(string uuid, CancellationToken cancellationToken);
        Task<ListEventSourceMappingsResponse> ListEventSourceMappingsAsync(string eventSourceArn, string functionName, string marker, int? maxItems, CancellationToken cancellationToken);
        Task<EventSourceMappingConfiguration> UpdateEventSourceMappingAsync(string uuid, UpdateEventSourceMappingRequest request, CancellationToken cancellationToken);
        Task<EventSourceMappingConfiguration> DeleteEventSourceMappingAsync(string uuid, CancellationToken cancellationToken);
    }
}
