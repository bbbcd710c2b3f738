-- Where Stripe Checkout may send a tenant's customers back, besides PLINTH_PUBLIC_URL: https
-- origins (scheme, host and port only), normalised by the application and separated by single
-- spaces, which no origin contains. Empty means none.
ALTER TABLE core.tenants ADD COLUMN redirect_origins text NOT NULL DEFAULT '';
