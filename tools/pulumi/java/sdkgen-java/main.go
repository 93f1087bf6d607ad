// Command sdkgen-java writes the Java SDK of a Pulumi package schema with pulumi-java's code generator, the one the
// Java language host (tools/pulumi/language-java) runs for `pulumi package gen-sdk --language java`, called here
// directly as ../sdkgen calls Pulumi's. It is a module of its own so that pulumi-java's requirements stay out of the
// module the CLI is built from.
//
// pulumi-java's generator writes Gradle files or none; this project's SDK is built with Maven (what the Java host runs
// programs with), so beside the sources it writes a pom.xml, and the plugin.json by which the Java SDK finds the
// plugin a program needs (which the Gradle build would write), both from the schema.
//
//	sdkgen-java <schema.json> <out-dir>
package main

import (
	"bytes"
	"context"
	"encoding/json"
	"encoding/xml"
	"errors"
	"fmt"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"text/template"

	"github.com/blang/semver"
	javagen "github.com/pulumi/pulumi-java/pkg/codegen/java"
	"github.com/pulumi/pulumi/pkg/v3/codegen/schema"
)

const tool = "pulumi-paperspace sdkgen-java"

// noReferences loads no other package: the schema refers to none.
type noReferences struct{}

var errNoReferences = errors.New("the schema may not refer to other packages")

func (noReferences) LoadPackage(string, *semver.Version) (*schema.Package, error) {
	return nil, errNoReferences
}

func (noReferences) LoadPackageV2(context.Context, *schema.PackageDescriptor) (*schema.Package, error) {
	return nil, errNoReferences
}

func (noReferences) LoadPackageReference(string, *semver.Version) (schema.PackageReference, error) {
	return nil, errNoReferences
}

func (noReferences) LoadPackageReferenceV2(
	context.Context, *schema.PackageDescriptor,
) (schema.PackageReference, error) {
	return nil, errNoReferences
}

func generate(schemaPath, out string) error {
	text, err := os.ReadFile(schemaPath)
	if err != nil {
		return err
	}
	var spec schema.PackageSpec
	if err := json.Unmarshal(text, &spec); err != nil {
		return fmt.Errorf("%s: %w", schemaPath, err)
	}
	// As the Java host does before binding: types whose names differ only in case become one class.
	deduped, diags, err := javagen.DeduplicateTypes(&spec)
	if err != nil {
		return err
	}
	if diags.HasErrors() {
		return fmt.Errorf("%s: %s", schemaPath, diags.Error())
	}
	pkg, diags, err := schema.BindSpec(*deduped, noReferences{}, schema.ValidationOptions{})
	if err != nil {
		return err
	}
	if diags.HasErrors() {
		return fmt.Errorf("%s: %s", schemaPath, diags.Error())
	}
	// Not local and not legacy, as the host generates for gen-sdk; the schema's `buildFiles: none` leaves out the
	// Gradle files (sdk/java/pom.xml, written by hand, builds it with Maven) and so writes version.txt.
	files, err := javagen.GeneratePackage(tool, pkg, nil, nil, false, false)
	if err != nil {
		return err
	}
	var info javagen.PackageInfo
	if err := json.Unmarshal(spec.Language["java"], &info); err != nil {
		return fmt.Errorf("%s: language.java: %w", schemaPath, err)
	}
	if err := addMavenFiles(files, pkg, info); err != nil {
		return err
	}
	if err := os.RemoveAll(out); err != nil {
		return err
	}
	for name, content := range files {
		path := filepath.Join(out, name)
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			return err
		}
		if err := os.WriteFile(path, content, 0o644); err != nil {
			return err
		}
	}
	return nil
}

// pomTemplate builds the SDK as a jar on the dependencies the generator's Gradle build would have, for the Java
// release that build targets, with the plugins pinned (Maven 3.8's default compiler plugin predates
// maven.compiler.release).
var pomTemplate = template.Must(template.New("pom.xml").Parse(`<?xml version="1.0" encoding="UTF-8"?>
<!-- Written by {{.Tool}} from the plugin's schema; do not edit. -->
<project xmlns="http://maven.apache.org/POM/4.0.0" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"
  xsi:schemaLocation="http://maven.apache.org/POM/4.0.0 https://maven.apache.org/xsd/maven-4.0.0.xsd">
  <modelVersion>4.0.0</modelVersion>
  <groupId>{{.GroupID}}</groupId>
  <artifactId>{{.Name}}</artifactId>
  <version>{{.Version}}</version>
  <packaging>jar</packaging>
  <name>{{.Name}}</name>
  <description>{{.Description}}</description>
  <url>{{.Repository}}</url>
  <licenses>
    <license>
      <name>{{.License}}</name>
    </license>
  </licenses>
  <properties>
    <project.build.sourceEncoding>UTF-8</project.build.sourceEncoding>
    <maven.compiler.release>11</maven.compiler.release>
  </properties>
  <dependencies>
{{- range .Dependencies}}
    <dependency>
      <groupId>{{.GroupID}}</groupId>
      <artifactId>{{.ArtifactID}}</artifactId>
      <version>{{.Version}}</version>
    </dependency>
{{- end}}
  </dependencies>
  <build>
    <plugins>
      <plugin>
        <groupId>org.apache.maven.plugins</groupId>
        <artifactId>maven-compiler-plugin</artifactId>
        <version>3.13.0</version>
      </plugin>
      <plugin>
        <groupId>org.apache.maven.plugins</groupId>
        <artifactId>maven-resources-plugin</artifactId>
        <version>3.3.1</version>
      </plugin>
      <plugin>
        <groupId>org.apache.maven.plugins</groupId>
        <artifactId>maven-jar-plugin</artifactId>
        <version>3.4.2</version>
      </plugin>
      <plugin>
        <groupId>org.apache.maven.plugins</groupId>
        <artifactId>maven-install-plugin</artifactId>
        <version>3.1.2</version>
      </plugin>
      <plugin>
        <groupId>org.apache.maven.plugins</groupId>
        <artifactId>maven-surefire-plugin</artifactId>
        <version>3.5.2</version>
      </plugin>
    </plugins>
  </build>
</project>
`))

type mavenDependency struct{ GroupID, ArtifactID, Version string }

// escaped is text as XML content.
func escaped(text string) string {
	var out bytes.Buffer
	_ = xml.EscapeText(&out, []byte(text))
	return out.String()
}

// addMavenFiles adds pom.xml and, beside version.txt, plugin.json: what the Gradle build would write into the jar.
func addMavenFiles(files map[string][]byte, pkg *schema.Package, info javagen.PackageInfo) error {
	if pkg.Version == nil {
		return errors.New("the schema has no version, which the SDK's pom.xml and plugin.json need")
	}
	groupID := strings.TrimSuffix(info.BasePackageOrDefault(), ".")
	// What the generator's Gradle build depends on: the libraries generated code uses beside the schema's.
	info = info.WithDefaultDependencies().WithJavaSdkDependencyDefault(javagen.DefaultSdkVersion)
	var dependencies []mavenDependency
	for _, key := range slices.Sorted(maps.Keys(info.Dependencies)) {
		group, artifact, ok := strings.Cut(key, ":")
		if !ok {
			return fmt.Errorf("language.java.dependencies: %q is not groupId:artifactId", key)
		}
		dependencies = append(dependencies, mavenDependency{group, artifact, info.Dependencies[key]})
	}
	var pom bytes.Buffer
	err := pomTemplate.Execute(&pom, map[string]any{
		"Tool":         tool,
		"GroupID":      groupID,
		"Name":         pkg.Name,
		"Version":      pkg.Version.String(),
		"Description":  escaped(pkg.Description),
		"Repository":   escaped(pkg.Repository),
		"License":      escaped(pkg.License),
		"Dependencies": dependencies,
	})
	if err != nil {
		return err
	}
	files["pom.xml"] = pom.Bytes()

	// The Java SDK answers the host's question "which plugins does this program need" from these files.
	pluginInfo, err := json.MarshalIndent(map[string]any{
		"resource": true,
		"name":     pkg.Name,
		"version":  pkg.Version.String(),
		"server":   pkg.PluginDownloadURL,
	}, "", "  ")
	if err != nil {
		return err
	}
	resources := "src/main/resources/" + strings.ReplaceAll(groupID+"."+pkg.Name, ".", "/")
	files[resources+"/plugin.json"] = append(pluginInfo, '\n')
	return nil
}

func main() {
	if len(os.Args) != 3 {
		fmt.Fprintln(os.Stderr, "usage: sdkgen-java <schema.json> <out-dir>")
		os.Exit(2)
	}
	if err := generate(os.Args[1], os.Args[2]); err != nil {
		fmt.Fprintf(os.Stderr, "sdkgen-java: %v\n", err)
		os.Exit(1)
	}
}
