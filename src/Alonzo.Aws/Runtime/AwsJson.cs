using System;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Alonzo.Aws.Runtime
{
    /// <summary>JSON settings shared by the JSON 1.1 and REST-JSON clients.</summary>
    public static class AwsJson
    {
        public static readonly JsonSerializerOptions Options = CreateOptions();

        private static JsonSerializerOptions CreateOptions()
        {
            var options = new JsonSerializerOptions
            {
                // AWS member names are PascalCase, like the C# properties.
                PropertyNamingPolicy = null,
                PropertyNameCaseInsensitive = false,
                DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
                NumberHandling = JsonNumberHandling.Strict,
            };
            options.Converters.Add(new EpochSecondsConverter());
            options.Converters.Add(new WholeNumberConverter());
            return options;
        }

        public static byte[] Serialize<T>(T value) => JsonSerializer.SerializeToUtf8Bytes(value, Options);

        public static T Deserialize<T>(byte[] body) where T : new()
        {
            if (body == null || body.Length == 0) return new T();
            return JsonSerializer.Deserialize<T>(body, Options) ?? new T();
        }
    }

    /// <summary>
    /// Epoch-millisecond members (CloudWatch Logs) are longs in the models, but some endpoints write
    /// them with a fraction (1767323045123.0); the fraction is dropped rather than failing the call.
    /// </summary>
    public sealed class WholeNumberConverter : JsonConverter<long>
    {
        public override long Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
        {
            if (reader.TokenType == JsonTokenType.Number)
                return reader.TryGetInt64(out long whole) ? whole : (long)Math.Truncate(reader.GetDouble());
            if (reader.TokenType == JsonTokenType.String &&
                double.TryParse(reader.GetString(), System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out double parsed))
                return (long)Math.Truncate(parsed);
            throw new JsonException("Expected a number.");
        }

        public override void Write(Utf8JsonWriter writer, long value, JsonSerializerOptions options) => writer.WriteNumberValue(value);
    }

    /// <summary>JSON protocols carry timestamps as epoch seconds (with fractions); some replies use ISO 8601.</summary>
    public sealed class EpochSecondsConverter : JsonConverter<DateTime>
    {
        private static readonly DateTime Epoch = new DateTime(1970, 1, 1, 0, 0, 0, DateTimeKind.Utc);

        public override DateTime Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
        {
            if (reader.TokenType == JsonTokenType.Number)
                return Epoch.AddTicks((long)(reader.GetDouble() * TimeSpan.TicksPerSecond));
            if (reader.TokenType == JsonTokenType.String)
            {
                string text = reader.GetString();
                if (double.TryParse(text, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out double seconds))
                    return Epoch.AddTicks((long)(seconds * TimeSpan.TicksPerSecond));
                return DateTime.Parse(text, System.Globalization.CultureInfo.InvariantCulture,
                    System.Globalization.DateTimeStyles.AdjustToUniversal | System.Globalization.DateTimeStyles.AssumeUniversal);
            }
            throw new JsonException("Expected a timestamp.");
        }

        public override void Write(Utf8JsonWriter writer, DateTime value, JsonSerializerOptions options)
        {
            double seconds = (value.ToUniversalTime() - Epoch).Ticks / (double)TimeSpan.TicksPerSecond;
            writer.WriteNumberValue(Math.Round(seconds, 3));
        }
    }
}
