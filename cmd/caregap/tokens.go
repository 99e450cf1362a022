package main

import (
	"fmt"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/caregap/caregap/api/auth"
	"github.com/spf13/cobra"
)

func newTokensCmd() *cobra.Command {
	var file string
	cmd := &cobra.Command{
		Use:   "tokens",
		Short: "Add, list, rotate and revoke the API's bearer tokens",
		Long: `tokens manages the tokens file that 'caregap serve --tokens' reads. The
file holds only SHA-256 hashes of the tokens; a new token is printed once.
A running server picks up changes to the file on its next request.`,
	}
	cmd.PersistentFlags().StringVar(&file, "tokens", "", "tokens file (JSON, or YAML when it ends in .yaml or .yml)")
	load := func() (*auth.File, error) {
		if file == "" {
			return nil, usagef("--tokens is required")
		}
		return auth.Load(file)
	}

	var role, expires, participant string
	var scope []string
	// expiry turns --expires into a time (zero: none).
	expiry := func(now time.Time) (time.Time, error) {
		if expires == "" {
			return time.Time{}, nil
		}
		d, err := auth.ParseTTL(expires)
		if err != nil {
			return time.Time{}, usageError{err}
		}
		return now.Add(d), nil
	}
	add := &cobra.Command{
		Use:   "add --tokens FILE --role planner|officer|admin|administrator --scope CODES | --role participant --participant ID",
		Short: "Make a token and print it once",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			f, err := load()
			if err != nil {
				return err
			}
			now := time.Now()
			exp, err := expiry(now)
			if err != nil {
				return err
			}
			var (
				tok string
				e   auth.Entry
			)
			switch {
			case auth.Role(role) == auth.Participant:
				if len(splitList(scope)) > 0 {
					return usagef("--scope is not for a participant: its token sees its own journey only")
				}
				if participant == "" {
					return usagef("--participant ID is required with --role participant")
				}
				tok, e, err = f.AddParticipant(participant, now, exp)
			case participant != "":
				return usagef("--participant is only for --role participant")
			default:
				tok, e, err = f.AddExpiring(auth.Role(role), splitList(scope), now, exp)
			}
			if err != nil {
				return usageError{err}
			}
			if err := auth.Save(file, f); err != nil {
				return err
			}
			fmt.Fprintf(cmd.ErrOrStderr(), "added %s (%s, %s%s); the token is shown only now:\n", e.ID, e.Role, scopeNote(e), expiryNote(e))
			fmt.Fprintln(cmd.OutOrStdout(), tok)
			return nil
		},
	}
	add.Flags().StringVar(&role, "role", "", "planner, officer, admin, administrator (training, by municipality) or participant (training, one person)")
	add.Flags().StringVar(&participant, "participant", "", "the participant id of a participant's token (--role participant)")
	add.Flags().StringSliceVar(&scope, "scope", nil, "municipality codes, comma-separated; * (admin only) for all")
	add.Flags().StringVar(&expires, "expires", "", "lifetime of the token: days (90d) or a duration (12h); none: it never expires")

	list := &cobra.Command{
		Use:   "list --tokens FILE",
		Short: "List token ids, roles and scopes (never the hashes)",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			f, err := load()
			if err != nil {
				return err
			}
			tw := tabwriter.NewWriter(cmd.OutOrStdout(), 0, 0, 2, ' ', 0)
			fmt.Fprintln(tw, "ID\tROLE\tSCOPE\tCREATED\tEXPIRES")
			now := time.Now()
			for _, e := range f.Tokens {
				exp := "never"
				if !e.Expires.IsZero() {
					exp = e.Expires.Format(time.RFC3339)
					if e.Expired(now) {
						exp += " (expired)"
					}
				}
				fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\n", e.ID, e.Role, scopeList(e), e.Created.Format(time.RFC3339), exp)
			}
			return tw.Flush()
		},
	}
	revoke := &cobra.Command{
		Use:   "revoke --tokens FILE ID",
		Short: "Remove a token",
		Args:  cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			f, err := load()
			if err != nil {
				return err
			}
			if err := f.Revoke(args[0]); err != nil {
				return usageError{err}
			}
			if err := auth.Save(file, f); err != nil {
				return err
			}
			fmt.Fprintf(cmd.OutOrStdout(), "revoked %s\n", args[0])
			return nil
		},
	}
	var rotExpires string
	rotate := &cobra.Command{
		Use:   "rotate --tokens FILE ID [--expires 90d]",
		Short: "Give a token a new secret and print it once; the old one stops working",
		Args:  cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			f, err := load()
			if err != nil {
				return err
			}
			expires = rotExpires
			now := time.Now()
			exp, err := expiry(now)
			if err != nil {
				return err
			}
			tok, e, err := f.Rotate(args[0], now, exp)
			if err != nil {
				return usageError{err}
			}
			if err := auth.Save(file, f); err != nil {
				return err
			}
			fmt.Fprintf(cmd.ErrOrStderr(), "rotated %s (%s, %s%s); the new token is shown only now:\n", e.ID, e.Role, scopeNote(e), expiryNote(e))
			fmt.Fprintln(cmd.OutOrStdout(), tok)
			return nil
		},
	}
	rotate.Flags().StringVar(&rotExpires, "expires", "", "new lifetime from now: days (90d) or a duration (12h); none: keep the expiry")
	cmd.AddCommand(add, list, rotate, revoke)
	return cmd
}

// expiryNote describes e's expiry for a message.
func expiryNote(e auth.Entry) string {
	if e.Expires.IsZero() {
		return ""
	}
	return ", expires " + e.Expires.Format(time.RFC3339)
}

// scopeList is e's scope for a listing: the municipality codes, or
// "participant ID" for a participant's token.
func scopeList(e auth.Entry) string {
	if e.Role == auth.Participant {
		return "participant " + e.Subject
	}
	return strings.Join(e.Scope, ",")
}

// scopeNote describes e's scope for a message.
func scopeNote(e auth.Entry) string {
	if e.Role == auth.Participant {
		return "participant " + e.Subject
	}
	return "scope " + strings.Join(e.Scope, ",")
}
