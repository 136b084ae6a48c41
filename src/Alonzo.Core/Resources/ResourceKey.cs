#nullable enable
using System;

namespace Alonzo.Resources
{
    /// <summary>The kinds of resource Alonzo plans and applies through one contract.</summary>
    public enum ResourceKind
    {
        Stream,
        Role,
        Function,
        EventMapping,
        SecurityGroup,
        NetworkGrant,
        S3Trigger,
    }

    /// <summary>
    /// Names one resource: its kind and its name (a mapping's name is "stream->function"). A value:
    /// two keys made at different times for the same resource are equal.
    /// </summary>
    public sealed class ResourceKey : IEquatable<ResourceKey>
    {
        public ResourceKey(ResourceKind kind, string name)
        {
            Kind = kind;
            Name = name ?? throw new ArgumentNullException(nameof(name));
        }

        public ResourceKind Kind { get; }
        public string Name { get; }

        public static ResourceKey Stream(string name) => new ResourceKey(ResourceKind.Stream, name);
        public static ResourceKey Role(string name) => new ResourceKey(ResourceKind.Role, name);
        public static ResourceKey Function(string name) => new ResourceKey(ResourceKind.Function, name);
        public static ResourceKey EventMapping(string streamName, string functionName) =>
            new ResourceKey(ResourceKind.EventMapping, streamName + "->" + functionName);

        public bool Equals(ResourceKey? other) =>
            other != null && other.Kind == Kind && string.Equals(other.Name, Name, StringComparison.Ordinal);

        public override bool Equals(object? obj) => Equals(obj as ResourceKey);
        public override int GetHashCode() => ((int)Kind * 397) ^ StringComparer.Ordinal.GetHashCode(Name);
        public override string ToString() => $"{Kind} {Name}";
    }
}
