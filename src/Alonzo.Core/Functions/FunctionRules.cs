using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.RegularExpressions;
using Alonzo.Validation;

namespace Alonzo.Functions
{
    /// <summary>
    /// Limits from the lambda 2015-03-31 service model (tests compare them with the model), plus the
    /// documented quotas the model does not carry (timeout 900 s, 4 KB of environment variables).
    /// </summary>
    public static class FunctionRules
    {
        // The name part of FunctionName: [a-zA-Z0-9-_]+, at most 64 characters for a bare name.
        public const int NameMax = 64;
        private static readonly Regex NamePattern = new Regex("^[a-zA-Z0-9_-]+$", RegexOptions.CultureInvariant);
        private static readonly Regex ArnPattern = new Regex(@"^arn:(aws[a-zA-Z-]*)?:lambda:[a-z]{2}((-gov)|(-iso([a-z]?)))?-[a-z]+-\d{1}:\d{12}:function:[a-zA-Z0-9_-]+(:(\$LATEST|[a-zA-Z0-9_-]+))?$", RegexOptions.CultureInvariant);
        private static readonly Regex EnvironmentNamePattern = new Regex("^[a-zA-Z]([a-zA-Z0-9_])+$", RegexOptions.CultureInvariant);
        private static readonly Regex HandlerPattern = new Regex(@"^[^\s]+$", RegexOptions.CultureInvariant);

        public const int MemoryMin = 128;
        public const int MemoryMax = 32768;
        public const int TimeoutMin = 1;
        public const int TimeoutMax = 900;
        public const int HandlerMax = 128;
        public const int DescriptionMax = 256;
        public const int EnvironmentBytesMax = 4096;

        /// <summary>The model's Runtime enum (lambda 2015-03-31); tests keep this list equal to the model's.</summary>
        public static readonly IReadOnlyList<string> Runtimes = new[]
        {
            "nodejs", "nodejs4.3", "nodejs6.10", "nodejs8.10", "nodejs10.x", "nodejs12.x", "nodejs14.x", "nodejs16.x",
            "java8", "java8.al2", "java11", "python2.7", "python3.6", "python3.7", "python3.8", "python3.9",
            "dotnetcore1.0", "dotnetcore2.0", "dotnetcore2.1", "dotnetcore3.1", "dotnet6", "dotnet8", "nodejs4.3-edge",
            "go1.x", "ruby2.5", "ruby2.7", "provided", "provided.al2", "nodejs18.x", "python3.10", "java17", "ruby3.2",
            "ruby3.3", "ruby3.4", "python3.11", "nodejs20.x", "provided.al2023", "python3.12", "java21", "python3.13",
            "nodejs22.x", "nodejs24.x", "python3.14", "java25", "dotnet10", "ruby4.0",
        };

        public static readonly IReadOnlyList<string> Architectures = new[] { "x86_64", "arm64" };

        public static bool IsArn(string value) => value != null && value.StartsWith("arn:", StringComparison.Ordinal);

        public static void Name(string value, string parameterName = "Name")
        {
            if (string.IsNullOrEmpty(value))
                throw new AlonzoValidationException("InvalidFunctionName", parameterName, value,
                    $"-{parameterName}: a function name cannot be empty. Use 1 to {NameMax} letters, digits, '-' or '_'.");
            if (IsArn(value))
            {
                if (!ArnPattern.IsMatch(value))
                    throw new AlonzoValidationException("InvalidFunctionName", parameterName, value,
                        $"-{parameterName}: '{value}' is not a Lambda function ARN (arn:aws:lambda:<region>:<account>:function:<name>).");
                return;
            }
            if (value.Length > NameMax)
                throw new AlonzoValidationException("InvalidFunctionName", parameterName, value,
                    $"-{parameterName}: the function name '{NameRules.Shorten(value)}' is {value.Length} characters long; Lambda allows at most {NameMax}.");
            if (!NamePattern.IsMatch(value))
                throw new AlonzoValidationException("InvalidFunctionName", parameterName, value,
                    $"-{parameterName}: the function name '{value}' has characters Lambda does not allow. Use only letters, digits, '-' and '_'.");
        }

        public static void MemorySize(int value)
        {
            if (value < MemoryMin || value > MemoryMax)
                throw new AlonzoValidationException("InvalidMemorySize", "MemorySize", value,
                    $"-MemorySize: {value} MB is outside what Lambda allows ({MemoryMin} to {MemoryMax} MB; most accounts are limited to 10240).");
        }

        public static void Timeout(int value)
        {
            if (value < TimeoutMin || value > TimeoutMax)
                throw new AlonzoValidationException("InvalidTimeout", "Timeout", value,
                    $"-Timeout: {value} seconds is outside what Lambda allows ({TimeoutMin} to {TimeoutMax} seconds).");
        }

        public static void Runtime(string value)
        {
            if (string.IsNullOrEmpty(value) || !Runtimes.Contains(value, StringComparer.Ordinal))
            {
                var near = Runtimes.Where(r => value != null && (r.StartsWith(value.TrimEnd('x', '.').Split('.')[0], StringComparison.OrdinalIgnoreCase)))
                    .Reverse().Take(4).ToList();
                throw new AlonzoValidationException("UnknownRuntime", "Runtime", value,
                    $"-Runtime: '{value}' is not a Lambda runtime." + (near.Count > 0 ? $" Did you mean {string.Join(", ", near)}?" : " Use a runtime like python3.12 or nodejs20.x."));
            }
        }

        public static void Handler(string value)
        {
            if (string.IsNullOrEmpty(value) || value.Length > HandlerMax || !HandlerPattern.IsMatch(value))
                throw new AlonzoValidationException("InvalidHandler", "Handler", value,
                    $"-Handler: '{value}' is not a handler. Use up to {HandlerMax} characters without spaces, for example lambda_function.lambda_handler.");
        }

        public static void Description(string value)
        {
            if (value != null && value.Length > DescriptionMax)
                throw new AlonzoValidationException("InvalidDescription", "Description", value.Length,
                    $"-Description: {value.Length} characters; Lambda allows at most {DescriptionMax}.");
        }

        public static void Architecture(string value)
        {
            if (value != null && !Architectures.Contains(value, StringComparer.Ordinal))
                throw new AlonzoValidationException("InvalidArchitecture", "Architecture", value,
                    $"-Architecture: '{value}' is not a Lambda architecture; use x86_64 or arm64.");
        }

        public static void Environment(IDictionary<string, string> variables)
        {
            if (variables == null) return;
            int bytes = 0;
            foreach (var pair in variables)
            {
                if (!EnvironmentNamePattern.IsMatch(pair.Key ?? ""))
                    throw new AlonzoValidationException("InvalidEnvironment", "Environment", pair.Key,
                        $"-Environment: '{pair.Key}' is not a valid variable name; start with a letter and use letters, digits and '_' (at least 2 characters).");
                bytes += System.Text.Encoding.UTF8.GetByteCount(pair.Key) + System.Text.Encoding.UTF8.GetByteCount(pair.Value ?? "");
            }
            // The value is not echoed: it may be a secret.
            if (bytes > EnvironmentBytesMax)
                throw new AlonzoValidationException("InvalidEnvironment", "Environment", variables.Count,
                    $"-Environment: the variables take {bytes} bytes; Lambda allows {EnvironmentBytesMax} in all. Move large values to SSM Parameter Store or Secrets Manager.");
        }
    }
}
