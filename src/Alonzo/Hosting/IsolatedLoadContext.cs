using System;
using System.IO;
using System.Reflection;
using System.Runtime.Loader;

namespace Alonzo.Commands.Hosting
{
    /// <summary>The private load context for the engine and its dependencies (PowerShell 7 only).</summary>
    internal sealed class IsolatedLoadContext : AssemblyLoadContext
    {
        private static IsolatedLoadContext _instance;
        private readonly string _directory;

        private IsolatedLoadContext(string directory)
        {
            _directory = directory;
        }

        internal static void Install(string directory)
        {
            _instance = new IsolatedLoadContext(directory);
            // Only the engine assemblies are handed over from the default context; everything they
            // reference is then resolved by this context's Load below.
            Default.Resolving += (context, name) => IsEngineAssembly(name) ? _instance.LoadFromAssemblyName(name) : null;
        }

        private static bool IsEngineAssembly(AssemblyName name) =>
            name.Name == "Alonzo.Core" || name.Name == "Alonzo.Aws";

        protected override Assembly Load(AssemblyName name)
        {
            string path = Path.Combine(_directory, name.Name + ".dll");
            if (!File.Exists(path)) return null; // the runtime's own assemblies come from the default context

            // Framework assemblies (System.*, Microsoft.Bcl.*) ship in 'dependencies' for Windows
            // PowerShell; on PowerShell 7 the runtime's newer copies are preferred.
            if (name.Name.StartsWith("System.", StringComparison.Ordinal) || name.Name.StartsWith("Microsoft.", StringComparison.Ordinal) || name.Name == "netstandard")
            {
                try
                {
                    return Default.LoadFromAssemblyName(name);
                }
                catch (FileNotFoundException)
                {
                    // Not part of this runtime: fall through to our copy.
                }
                catch (FileLoadException)
                {
                }
            }
            return LoadFromAssemblyPath(path);
        }
    }
}
