package datasets

import "reflect"

// ColumnNames returns the column names of T's dataset in schema order.
// It panics when T is not a row type of this package.
func ColumnNames[T any]() []string {
	s := SchemaOf[T]()
	names := make([]string, len(s.Columns))
	for i := range s.Columns {
		names[i] = s.Columns[i].Name
	}
	return names
}

// RowValues appends the values of row to dst[:0] in schema order (the
// order of ColumnNames), as string, int32, float64 or bool, for writers
// of other formats (a spreadsheet) that must not know the row types. It
// panics when T is not a row type of this package.
func RowValues[T any](dst []any, row *T) []any {
	s := SchemaOf[T]()
	v := reflect.ValueOf(row).Elem()
	dst = dst[:0]
	for i := range s.Columns {
		dst = append(dst, v.Field(i).Interface())
	}
	return dst
}
