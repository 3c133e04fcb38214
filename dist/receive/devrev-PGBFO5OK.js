import{c as a}from"./chunk-X3P36F7Q.js";import"./chunk-UNF6EEJ4.js";export{a as reactions};
