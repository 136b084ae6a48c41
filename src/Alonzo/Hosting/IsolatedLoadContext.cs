using System;
using System.IO;
using System.Reflection;
using System.Runtime.Loader;
using System.Runtime.Serialization;

namespace Alonzo.Commands.Hosting
{
    /// <summary>
    /// The private load context for the engine and its dependencies (PowerShell 7 only), named
    /// <see cref="ContextName"/> so that it can be told apart in AssemblyLoadContext.All, in load
    /// failures and in a dump.
    /// </summary>
    internal sealed class IsolatedLoadContext : AssemblyLoadContext
    {
        internal const string ContextName = "Alonzo";

        private static IsolatedLoadContext _instance;
        private string _directory;

        private IsolatedLoadContext(string directory)
        {
            _directory = directory;
        }

        internal static void Install(string directory)
        {
            _instance = Create(directory);
            // Only the engine assemblies are handed over from the default context; everything they
            // reference is then resolved by this context's Load below.
            Default.Resolving += (context, name) => IsEngineAssembly(name) ? _instance.LoadFromAssemblyName(name) : null;
        }

        /// <summary>
        /// A context named <see cref="ContextName"/>. This assembly targets netstandard2.0, whose
        /// AssemblyLoadContext has only the unnamed constructor; the runtime PowerShell 7 runs on has the
        /// named one (<c>AssemblyLoadContext(string name, bool isCollectible)</c>), which is run here on the
        /// new instance in place of the unnamed one. Where it is missing the context is unnamed, as before.
        /// </summary>
        private static IsolatedLoadContext Create(string directory)
        {
            var named = typeof(AssemblyLoadContext).GetConstructor(BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic,
                null, new[] { typeof(string), typeof(bool) }, null);
            if (named == null) return new IsolatedLoadContext(directory);
            var context = (IsolatedLoadContext)FormatterServices.GetUninitializedObject(typeof(IsolatedLoadContext));
            named.Invoke(context, new object[] { ContextName, false });
            context._directory = directory;
            return context;
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
