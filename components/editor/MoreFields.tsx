import { LIST_FIELDS, LIST_SPECS, NOT_NULLABLE, SCALAR_FIELDS, SCALAR_SPECS, type ListField, type ScalarField } from '@/utils/fields';
import type { CustomValue, FormItem } from '@/utils/editor/form';
import { MASKED_NOTE } from '@/utils/editor/masking';
import type { CustomAttributeDefinition } from '@/utils/kustomer/metadata';
import { ListEditor, type Issues } from '@/components/editor/ListEditor';
import { CustomAttributes } from '@/components/editor/CustomAttributes';
import { FieldInput } from '@/components/shared/FieldInput';


type Sentiment = { polarity: string; confidence: string };

interface MoreFieldsProps {
  scalars: Record<ScalarField, string>;
  onScalarChange(key: ScalarField, value: string): void;
  sentiment: Sentiment;
  onSentimentChange(sentiment: Sentiment): void;
  lists: Record<ListField, FormItem[]>;
  onListChange(key: ListField, items: FormItem[]): void;
  custom: { key: string; value: CustomValue }[];
  onCustomChange(entries: { key: string; value: CustomValue }[]): void;
  definitions: CustomAttributeDefinition[] | undefined;
  /** The org the definitions are of, to say where a key is not defined. */
  org?: string;
  issues: Issues;
  /** Fields whose values Kustomer masked: shown read-only, never sent. */
  masked: ReadonlySet<string>;
}

const MORE_LISTS = LIST_FIELDS.filter((key) => !LIST_SPECS[key].contact);
const POLARITIES = ['-1', '0', '1'];
// (An object's integer keys come first: the order is the array's.)
const POLARITY = { '-1': '-1 negative', '0': '0 neutral', '1': '1 positive' };

/**
 * Everything besides tags and contact lists: custom attributes, the other fields, the shared
 * lists. Loaded when "More fields" is first opened (see CustomerEditor).
 */
export function MoreFields(props: MoreFieldsProps) {
  const { scalars, onScalarChange, sentiment, onSentimentChange, lists, onListChange, issues, masked } = props;
  const sentimentMasked = masked.has('sentiment');
  return (
    <>
      <CustomAttributes entries={props.custom} onChange={props.onCustomChange} definitions={props.definitions} org={props.org} issues={issues} masked={masked} />
      {SCALAR_FIELDS.map((key) => {
        const spec = SCALAR_SPECS[key];
        const value = scalars[key];
        return (
          <FieldInput
            key={key}
            id={`field-${key}`}
            label={spec.label}
            kind={spec.kind}
            value={value}
            options={spec.options}
            placeholder={spec.placeholder}
            error={issues.get(key)}
            hint={masked.has(key) ? MASKED_NOTE : NOT_NULLABLE.has(key) && value !== '' ? 'Kustomer cannot clear this once set' : undefined}
            readOnly={masked.has(key)}
            onChange={(v) => onScalarChange(key, v)}
          />
        );
      })}
      <div class="pair">
        <FieldInput
          id="sentiment-polarity"
          label="Sentiment"
          kind="select"
          value={sentiment.polarity}
          options={POLARITIES}
          optionLabels={POLARITY}
          error={issues.get('sentiment.polarity')}
          readOnly={sentimentMasked}
          onChange={(polarity) => onSentimentChange({ ...sentiment, polarity })}
        />
        <FieldInput
          id="sentiment-confidence"
          label="Sentiment confidence"
          kind="number"
          value={sentiment.confidence}
          placeholder="-1 to 1"
          error={issues.get('sentiment.confidence')}
          readOnly={sentimentMasked}
          onChange={(confidence) => onSentimentChange({ ...sentiment, confidence })}
        />
      </div>
      {(sentimentMasked || issues.has('sentiment')) && <p class={sentimentMasked ? 'help' : 'problem'}>{sentimentMasked ? MASKED_NOTE : issues.get('sentiment')}</p>}
      {MORE_LISTS.map((key) => (
        <ListEditor
          key={key}
          spec={LIST_SPECS[key]}
          items={lists[key]}
          onChange={(items) => onListChange(key, items)}
          issues={issues}
          locked={masked.has(key) ? MASKED_NOTE : undefined}
        />
      ))}
    </>
  );
}
