using System.Collections.Generic;
using System.Linq;
using Amazon;
using Amazon.Runtime.CredentialManagement;

namespace Alonzo.Aws.Runtime
{
    /// <summary>Names for argument completion, read through AWSSDK.Core (so the cmdlet assembly never binds to it).</summary>
    public static class AwsConfigurationCatalog
    {
        public static IEnumerable<string> RegionNames() => RegionEndpoint.EnumerableAllRegions.Select(r => r.SystemName);

        public static IEnumerable<string> ProfileNames() =>
            new CredentialProfileStoreChain().ListProfiles().Select(p => p.Name).Distinct();
    }
}
