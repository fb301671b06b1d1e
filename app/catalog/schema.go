package catalog

import (
	"bytes"
	_ "embed"
	"encoding/json"
	"fmt"
	"sync"

	"github.com/santhosh-tekuri/jsonschema/v6"

	"okienko/app/ident"
)

// SchemaJSON is the published JSON Schema of the catalogue file.
//
//go:embed schema/catalogue.schema.json
var SchemaJSON []byte

const fileSchemaURL = "https://okienko.gov.pl/schema/catalogue-1.schema.json"

// Formats are the identifier formats a form schema may use; they assert
// (reject) rather than annotate, unlike the 2020-12 default.
var Formats = []*jsonschema.Format{
	strFormat("pesel", func(s string) error { _, err := ident.PESEL(s); return err }),
	strFormat("nip", ident.NIP),
	strFormat("regon", ident.REGON),
	strFormat("id-card", ident.IDCard),
	strFormat("passport", ident.Passport),
	strFormat("nrb", ident.NRB),
	strFormat("postal-code", ident.PostalCode),
}

func strFormat(name string, fn func(string) error) *jsonschema.Format {
	return &jsonschema.Format{Name: name, Validate: func(v any) error {
		s, ok := v.(string)
		if !ok {
			return nil // the type keyword reports non-strings
		}
		return fn(s)
	}}
}

func newCompiler() *jsonschema.Compiler {
	c := jsonschema.NewCompiler()
	c.DefaultDraft(jsonschema.Draft2020)
	c.AssertFormat()
	for _, f := range Formats {
		c.RegisterFormat(f)
	}
	return c
}

var (
	fileSchemaOnce sync.Once
	fileSchema     *jsonschema.Schema
	fileSchemaErr  error
)

// compiledFileSchema compiles the embedded file schema once per process.
func compiledFileSchema() (*jsonschema.Schema, error) {
	fileSchemaOnce.Do(func() {
		doc, err := jsonschema.UnmarshalJSON(bytes.NewReader(SchemaJSON))
		if err != nil {
			fileSchemaErr = fmt.Errorf("catalog: file schema: %w", err)
			return
		}
		c := newCompiler()
		if err := c.AddResource(fileSchemaURL, doc); err != nil {
			fileSchemaErr = fmt.Errorf("catalog: file schema: %w", err)
			return
		}
		fileSchema, fileSchemaErr = c.Compile(fileSchemaURL)
		if fileSchemaErr != nil {
			fileSchemaErr = fmt.Errorf("catalog: file schema: %w", fileSchemaErr)
		}
	})
	return fileSchema, fileSchemaErr
}

// FormSchema is a card's compiled form schema, used to validate answers
// both in the catalogue check (the filled examples) and before a case is
// saved.
type FormSchema struct {
	s *jsonschema.Schema
}

// CompileForm compiles a card's form schema (JSON Schema 2020-12 with the
// identifier formats).
func CompileForm(raw json.RawMessage) (*FormSchema, error) {
	doc, err := jsonschema.UnmarshalJSON(bytes.NewReader(raw))
	if err != nil {
		return nil, fmt.Errorf("catalog: form schema: %w", err)
	}
	const url = "mem:///form.schema.json"
	c := newCompiler()
	if err := c.AddResource(url, doc); err != nil {
		return nil, fmt.Errorf("catalog: form schema: %w", err)
	}
	s, err := c.Compile(url)
	if err != nil {
		return nil, fmt.Errorf("catalog: form schema: %w", err)
	}
	return &FormSchema{s: s}, nil
}

// Validate checks form answers and returns one problem per defect, with
// paths relative to the answers object (e.g. /pesel).
func (f *FormSchema) Validate(answers any) []Problem {
	if err := f.s.Validate(normalize(answers)); err != nil {
		return schemaProblems(err, nil)
	}
	return nil
}

// normalize round-trips v through JSON so Go values (structs, int) become
// the generic JSON values the validator expects.
func normalize(v any) any {
	raw, err := json.Marshal(v)
	if err != nil {
		return v
	}
	out, err := jsonschema.UnmarshalJSON(bytes.NewReader(raw))
	if err != nil {
		return v
	}
	return out
}
