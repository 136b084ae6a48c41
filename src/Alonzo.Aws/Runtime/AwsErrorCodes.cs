using System;
using System.Collections.Generic;

namespace Alonzo.Aws.Runtime
{
    /// <summary>
    /// Error-code families shared by the services, as the SDKs' standard retry mode classifies them.
    /// EC2 names its codes <c>Resource.Condition</c> (<c>InvalidGroup.NotFound</c>,
    /// <c>InvalidPermission.Duplicate</c>, <c>InvalidSubnetID.Malformed</c>): the condition after the
    /// last dot decides the family, so codes of resources not listed here classify too.
    /// </summary>
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
            // EC2's 503 reply.
            "Unavailable",
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
            // S3 (a HEAD reply has no body: the SDKs call a bare 404 NotFound), CloudWatch's Query code.
            "NotFound", "NoSuchKey", "NoSuchBucketPolicy", "NoSuchConfiguration", "ResourceNotFound",
        };

        private static readonly HashSet<string> Conflict = new HashSet<string>(StringComparer.Ordinal)
        {
            "ResourceInUseException", "ResourceConflictException", "EntityAlreadyExists", "ResourceAlreadyExistsException",
            "DeleteConflict", "ConcurrentModification", "ConcurrentModificationException",
            // S3 bucket life cycle.
            "BucketAlreadyExists", "BucketAlreadyOwnedByYou", "BucketNotEmpty", "OperationAborted",
            // EC2: a group still referenced (by a rule, an ENI, a Lambda function) cannot be deleted; a resource in the wrong state.
            "DependencyViolation", "IncorrectState", "IncorrectInstanceState", "ResourceAlreadyAssociated",
        };

        private static readonly HashSet<string> Validation = new HashSet<string>(StringComparer.Ordinal)
        {
            "ValidationException", "ValidationError", "InvalidArgumentException", "InvalidParameterValueException",
            "InvalidParameterException", "InvalidInput", "MalformedPolicyDocument", "SerializationException",
            "InvalidRequestContentException", "RequestTooLargeException",
            // S3
            "InvalidBucketName", "InvalidArgument", "InvalidRequest", "MalformedXML", "InvalidLocationConstraint",
            "IllegalLocationConstraintException", "KeyTooLongError", "EntityTooLarge",
            // EC2
            "InvalidParameterValue", "InvalidParameterCombination", "InvalidParameter", "MissingParameter",
            "UnknownParameter", "InvalidFilter", "InvalidPaginationToken", "InvalidID",
        };

        // EC2's dotted conditions: <resource>.<condition>.
        private static readonly HashSet<string> NotFoundConditions = new HashSet<string>(StringComparer.Ordinal)
        {
            "NotFound",
        };

        private static readonly HashSet<string> ConflictConditions = new HashSet<string>(StringComparer.Ordinal)
        {
            "Duplicate", "InUse", "AlreadyExists", "AlreadyAssociated",
        };

        private static readonly HashSet<string> ValidationConditions = new HashSet<string>(StringComparer.Ordinal)
        {
            "Malformed", "Reserved",
        };

        public static bool IsThrottling(string code) => code != null && Throttling.Contains(code);
        public static bool IsTransient(string code) => code != null && Transient.Contains(code);
        public static bool IsAuthentication(string code) => code != null && Authentication.Contains(code);
        public static bool IsAccessDenied(string code) => code != null && AccessDenied.Contains(code);
        public static bool IsNotFound(string code) => code != null && (NotFound.Contains(code) || NotFoundConditions.Contains(Condition(code)));
        public static bool IsConflict(string code) => code != null && (Conflict.Contains(code) || ConflictConditions.Contains(Condition(code)));
        public static bool IsValidation(string code) => code != null && (Validation.Contains(code) || ValidationConditions.Contains(Condition(code)));

        /// <summary>The part after the last dot of a dotted code (<c>InvalidGroup.NotFound</c> gives <c>NotFound</c>); empty for plain codes.</summary>
        public static string Condition(string code)
        {
            if (string.IsNullOrEmpty(code)) return "";
            int dot = code.LastIndexOf('.');
            return dot > 0 && dot < code.Length - 1 ? code.Substring(dot + 1) : "";
        }
    }
}
