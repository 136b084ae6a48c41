using System;
using System.Collections.Generic;

namespace Alonzo.Aws.Runtime
{
    /// <summary>Error-code families shared by the services, as the SDKs' standard retry mode classifies them.</summary>
    public static class AwsErrorCodes
    {
        // The standard retry mode's throttling codes (the same list botocore and the .NET SDK use).
        private static readonly HashSet<string> Throttling = new HashSet<string>(StringComparer.Ordinal)
        {
            "Throttling", "ThrottlingException", "ThrottledException", "RequestThrottledException",
            "TooManyRequestsException", "ProvisionedThroughputExceededException", "TransactionInProgressException",
            "RequestLimitExceeded", "BandwidthLimitExceeded", "LimitExceededException", "RequestThrottled",
            "SlowDown", "PriorRequestNotComplete", "EC2ThrottledException",
        };

        // Transient server-side codes that standard mode retries regardless of status.
        private static readonly HashSet<string> Transient = new HashSet<string>(StringComparer.Ordinal)
        {
            "RequestTimeout", "RequestTimeoutException", "InternalError", "InternalFailure", "ServiceUnavailable",
            "ServiceException", "InternalServerError", "KMSInternalException",
        };

        private static readonly HashSet<string> Authentication = new HashSet<string>(StringComparer.Ordinal)
        {
            "UnrecognizedClientException", "InvalidSignatureException", "SignatureDoesNotMatch", "IncompleteSignature",
            "InvalidClientTokenId", "MissingAuthenticationToken", "MissingAuthenticationTokenException",
            "ExpiredToken", "ExpiredTokenException", "InvalidAccessKeyId", "AuthFailure", "RequestExpired",
        };

        private static readonly HashSet<string> AccessDenied = new HashSet<string>(StringComparer.Ordinal)
        {
            "AccessDenied", "AccessDeniedException", "UnauthorizedOperation", "KMSAccessDeniedException",
        };

        private static readonly HashSet<string> NotFound = new HashSet<string>(StringComparer.Ordinal)
        {
            "ResourceNotFoundException", "NoSuchEntity", "NoSuchEntityException", "NotFoundException", "NoSuchBucket",
        };

        private static readonly HashSet<string> Conflict = new HashSet<string>(StringComparer.Ordinal)
        {
            "ResourceInUseException", "ResourceConflictException", "EntityAlreadyExists", "ResourceAlreadyExistsException",
            "DeleteConflict", "ConcurrentModification", "ConcurrentModificationException",
        };

        private static readonly HashSet<string> Validation = new HashSet<string>(StringComparer.Ordinal)
        {
            "ValidationException", "ValidationError", "InvalidArgumentException", "InvalidParameterValueException",
            "InvalidParameterException", "InvalidInput", "MalformedPolicyDocument", "SerializationException",
            "InvalidRequestContentException", "RequestTooLargeException",
        };

        public static bool IsThrottling(string code) => code != null && Throttling.Contains(code);
        public static bool IsTransient(string code) => code != null && Transient.Contains(code);
        public static bool IsAuthentication(string code) => code != null && Authentication.Contains(code);
        public static bool IsAccessDenied(string code) => code != null && AccessDenied.Contains(code);
        public static bool IsNotFound(string code) => code != null && NotFound.Contains(code);
        public static bool IsConflict(string code) => code != null && Conflict.Contains(code);
        public static bool IsValidation(string code) => code != null && Validation.Contains(code);
    }
}
