import{E as t,c as r}from"./chunk-NF3YY6IT.js";await t();r();
