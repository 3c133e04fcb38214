import{S as t,c as r}from"./chunk-UNF6EEJ4.js";await t();r();
