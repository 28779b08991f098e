package deskbridge_test

import (
	"bufio"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// TestREADMECodeCompiles keeps README.md's Go samples true: each ```go
// block must appear, line for line (indentation aside), in a .go file of the
// module, where go vet and the tests compile and run it.
func TestREADMECodeCompiles(t *testing.T) {
	readme, err := os.ReadFile("README.md")
	if err != nil {
		t.Fatal(err)
	}
	blocks := goBlocks(string(readme))
	if len(blocks) == 0 {
		t.Fatal("README.md has no ```go block")
	}
	var sources []string
	err = filepath.WalkDir(".", func(path string, d os.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() && path != "." && (strings.HasPrefix(d.Name(), ".") || d.Name() == "testdata") {
			return filepath.SkipDir
		}
		if d.IsDir() && path != "." {
			if _, err := os.Stat(filepath.Join(path, "go.mod")); err == nil {
				return filepath.SkipDir // another module
			}
		}
		if !d.IsDir() && strings.HasSuffix(path, ".go") {
			b, err := os.ReadFile(path)
			if err != nil {
				return err
			}
			sources = append(sources, dedent(string(b)))
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	for i, b := range blocks {
		want := dedent(b)
		found := false
		for _, s := range sources {
			if strings.Contains(s, want) {
				found = true
				break
			}
		}
		if !found {
			t.Errorf("README.md go block %d is in no .go file of the module, so nothing compiles it:\n%s", i+1, b)
		}
	}
}

// TestREADMECommands checks the commands README.md tells a newcomer to run
// name things that exist.
func TestREADMECommands(t *testing.T) {
	readme, err := os.ReadFile("README.md")
	if err != nil {
		t.Fatal(err)
	}
	runs := regexp.MustCompile(`go run (\./[\w/]+)`).FindAllStringSubmatch(string(readme), -1)
	if len(runs) == 0 {
		t.Fatal("README.md names no `go run` command")
	}
	for _, m := range runs {
		out, err := exec.Command("go", "list", "-f", "{{.Name}}", m[1]).CombinedOutput()
		if err != nil || strings.TrimSpace(string(out)) != "main" {
			t.Errorf("README.md says `go run %s`, but go list gives %q (%v)", m[1], out, err)
		}
	}
	if !strings.Contains(string(readme), "go test -race ./...") {
		t.Error("README.md lost its test command `go test -race ./...` (.ci/run runs it)")
	}
}

func goBlocks(md string) []string {
	var blocks []string
	var cur []string
	in := false
	sc := bufio.NewScanner(strings.NewReader(md))
	for sc.Scan() {
		line := sc.Text()
		switch {
		case !in && strings.TrimSpace(line) == "```go":
			in, cur = true, nil
		case in && strings.TrimSpace(line) == "```":
			in = false
			blocks = append(blocks, strings.Join(cur, "\n"))
		case in:
			cur = append(cur, line)
		}
	}
	return blocks
}

// dedent drops each line's leading white space and blank lines, so a block
// quoted at another indentation still matches.
func dedent(s string) string {
	var b strings.Builder
	for _, l := range strings.Split(s, "\n") {
		l = strings.TrimSpace(l)
		if l == "" {
			continue
		}
		b.WriteString(l)
		b.WriteByte('\n')
	}
	return b.String()
}
