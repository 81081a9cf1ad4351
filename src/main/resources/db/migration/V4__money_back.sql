-- Money coming back (CONTRACT §4): what a payment ever added (credited at most once across any cycle
-- of states), the amount Mercado Pago reports refunded, and the users whose balance is a debt.
ALTER TABLE payments ADD COLUMN credits_added integer NOT NULL DEFAULT 0;
ALTER TABLE payments ADD COLUMN refunded_amount numeric(14, 2) NOT NULL DEFAULT 0;
UPDATE payments SET credits_added = credits_granted WHERE credits_granted > 0;
-- a payment refunded before this migration was credited once if a PAYMENT_CONFIRMED of it is stored
UPDATE payments p SET credits_added = (e.data->>'creditsAdded')::integer
  FROM events e
  WHERE e.user_id = p.user_id AND e.type = 'PAYMENT_CONFIRMED' AND e.data->>'paymentId' = p.payment_id
    AND p.credits_added = 0;
-- paynotify_credits_negative_balances counts these without scanning every account
CREATE INDEX accounts_in_debt ON accounts (user_id) WHERE credits < 0;
